package io.hubia.operator.testing;

import io.hubia.search.EmbeddedOpenSearch;
import java.net.URI;

/**
 * One embedded OpenSearch node (with the k-NN plugin) for the whole test JVM, started on first use
 * and stopped when the JVM exits: the ITs share it, each with its own namespaces and so its own
 * aliases.
 */
public final class SharedOpenSearch {
  private static EmbeddedOpenSearch node;

  private SharedOpenSearch() {}

  /** The node's URL, starting it if needed. */
  public static synchronized URI url() {
    if (node == null || !node.isRunning()) {
      node = EmbeddedOpenSearch.start();
      System.out.printf(
          "Embedded OpenSearch ready at %s in %d ms%n", node.url(), node.startupTime().toMillis());
    }
    return node.url();
  }
}
