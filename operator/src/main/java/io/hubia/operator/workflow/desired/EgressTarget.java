package io.hubia.operator.workflow.desired;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A destination runtime pods must reach, derived from a URL. NetworkPolicies match addresses and
 * namespaces, not DNS names, so: an IP literal becomes an ipBlock, an in-cluster service name
 * ({@code svc}, {@code svc.ns.svc[.cluster.local]}) becomes a namespace selector, and an external
 * name can only be narrowed to its port (use spec.egress CIDRs to narrow more).
 *
 * @param host the host of the URL
 * @param port the TCP port
 * @param namespace the namespace of an in-cluster service, or null
 * @param cidr the address block of an IP literal, or null
 */
public record EgressTarget(String host, int port, String namespace, String cidr) {
  private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  /** Parses a URL (http, https, jdbc:postgresql); empty when it has no usable host. */
  public static Optional<EgressTarget> fromUrl(String url, String ownNamespace) {
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = URI.create(schemeAndAuthority(url.startsWith("jdbc:") ? url.substring(5) : url));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String host = uri.getHost();
    if (host == null) {
      return Optional.empty();
    }
    host = host.toLowerCase(Locale.ROOT);
    int port = uri.getPort() > 0 ? uri.getPort() : defaultPort(uri.getScheme());
    if (IPV4.matcher(host).matches()) {
      return Optional.of(new EgressTarget(host, port, null, host + "/32"));
    }
    if (host.startsWith("[") || host.contains(":")) {
      String bare = host.replace("[", "").replace("]", "");
      return Optional.of(new EgressTarget(bare, port, null, bare + "/128"));
    }
    return Optional.of(new EgressTarget(host, port, clusterNamespace(host, ownNamespace), null));
  }

  /**
   * Cuts a URL after its authority: HTTP tool URLs are templates whose {argument} placeholders are
   * not legal URI characters, and only the host and port matter here.
   */
  private static String schemeAndAuthority(String url) {
    int authority = url.indexOf("://");
    if (authority < 0) {
      return url;
    }
    for (int i = authority + 3; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return url.substring(0, i);
      }
    }
    return url;
  }

  private static int defaultPort(String scheme) {
    if (scheme == null) {
      return 443;
    }
    return switch (scheme) {
      case "http" -> 80;
      case "postgresql" -> 5432;
      default -> 443;
    };
  }

  private static String clusterNamespace(String host, String ownNamespace) {
    String[] labels = host.split("\\.");
    if (labels.length == 1) {
      return ownNamespace;
    }
    boolean svcSuffix =
        (labels.length == 3 && labels[2].equals("svc"))
            || (labels.length == 5 && host.endsWith(".svc.cluster.local"));
    // "svc.ns" cannot be told apart from an external "host.tld": it is treated as external,
    // whose port-only rule also allows the in-cluster service, so nothing is wrongly blocked.
    return svcSuffix ? labels[1] : null;
  }

  /** The NetworkPolicy egress rule allowing this destination. */
  public NetworkPolicyEgressRule toRule() {
    NetworkPolicyEgressRuleBuilder rule =
        new NetworkPolicyEgressRuleBuilder()
            .addNewPort()
            .withProtocol("TCP")
            .withPort(new IntOrString(port))
            .endPort();
    peer().ifPresent(rule::addToTo);
    return rule.build();
  }

  private Optional<NetworkPolicyPeer> peer() {
    if (cidr != null) {
      return Optional.of(
          new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(cidr).endIpBlock().build());
    }
    if (namespace != null) {
      return Optional.of(
          new NetworkPolicyPeerBuilder()
              .withNewNamespaceSelector()
              .addToMatchLabels("kubernetes.io/metadata.name", namespace)
              .endNamespaceSelector()
              .build());
    }
    return Optional.empty();
  }
}
