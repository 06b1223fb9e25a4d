package io.hubia.eval.run;

import io.hubia.eval.GoldenCase;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens from local mode's development issuer ({@code POST /v1/dev/token}), one per caller (subject
 * and claims), asked once and cached for the run. Works only against local mode: elsewhere the
 * endpoint answers 404.
 */
public final class DevTokens implements TokenSource {
  /** Lifetime asked for each token: long enough for a slow run with many repeats. */
  static final long TTL_SECONDS = 4 * 3600;

  private final RuntimeClient client;
  private final Map<GoldenCase.Caller, String> cache = new ConcurrentHashMap<>();

  /** Tokens from the dev issuer of the runtime {@code client} talks to. */
  public DevTokens(RuntimeClient client) {
    this.client = client;
  }

  @Override
  public String tokenFor(GoldenCase.Caller caller) throws IOException, InterruptedException {
    String cached = cache.get(caller);
    if (cached != null) {
      return cached;
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("subject", caller.subject());
    request.put("claims", caller.claims());
    request.put("ttlSeconds", TTL_SECONDS);
    String token = client.devToken(request, caller.subject());
    cache.put(caller, token);
    return token;
  }

  @Override
  public String toString() {
    return "DevTokens[" + cache.size() + " cached]";
  }
}
