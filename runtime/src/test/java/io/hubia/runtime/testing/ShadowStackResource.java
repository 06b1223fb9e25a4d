package io.hubia.runtime.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * The leak matrix's stack ({@link AdversarialStackResource}: the federation example and its
 * canaries, ingested by local mode's code) served with evaluation shadows enabled, as local mode
 * and the operator's evaluation runtime serve it.
 */
public class ShadowStackResource extends AdversarialStackResource {
  @Override
  public Map<String, String> start() {
    Map<String, String> properties = new HashMap<>(super.start());
    properties.put("hubia.evaluation.shadows-enabled", "true");
    return properties;
  }
}
