package io.hubia.operator;

import io.hubia.api.config.HttpUrls;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which bearer tokens the runtime pods accept: the OIDC issuer and where its signing keys come from
 * (a JWKS URL, or a public key held in a Secret), handed to every runtime container as the
 * runtime's {@code hubia.identity.*} environment. Checked when built, so that a bad value stops the
 * operator at start instead of reaching the pods.
 *
 * @param issuer the exact {@code iss} of accepted tokens, or null: the pods then trust no issuer
 * @param jwksUrl where the issuer publishes its keys, or null
 * @param audience the audience tokens must name, or null
 * @param publicKeySecretName Secret whose key {@code public-key} holds the issuer's PEM public key
 *     (instead of a JWKS URL), or null
 * @param egressCidrs address ranges of the JWKS host, for the runtime pods' NetworkPolicy; empty:
 *     derived from the URL
 */
public record RuntimeIdentity(
    String issuer,
    String jwksUrl,
    String audience,
    String publicKeySecretName,
    List<String> egressCidrs) {

  /** The runtime's variable (and the operator's) for the issuer. */
  public static final String ISSUER_ENV = "HUBIA_IDENTITY_ISSUER";

  /** The runtime's variable (and the operator's) for the JWKS URL. */
  public static final String JWKS_URL_ENV = "HUBIA_IDENTITY_JWKS_URL";

  /** The runtime's variable (and the operator's) for the audience. */
  public static final String AUDIENCE_ENV = "HUBIA_IDENTITY_AUDIENCE";

  /** The runtime's variable for the PEM public key, set from the Secret. */
  public static final String PUBLIC_KEY_ENV = "HUBIA_IDENTITY_PUBLIC_KEY";

  /** The operator's variable naming the Secret that holds the public key. */
  public static final String PUBLIC_KEY_SECRET_ENV = "HUBIA_IDENTITY_PUBLIC_KEY_SECRET";

  /** The operator's variable listing the JWKS host's address ranges. */
  public static final String EGRESS_CIDRS_ENV = "HUBIA_IDENTITY_EGRESS_CIDRS";

  /** The key of the public-key Secret. */
  public static final String PUBLIC_KEY_KEY = "public-key";

  /** No issuer: the runtime pods refuse every authenticated request. */
  public static final RuntimeIdentity NONE = new RuntimeIdentity(null, null, null, null, List.of());

  private static final Pattern SECRET_NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern CLUSTER_SERVICE =
      Pattern.compile(
          "^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?\\.svc(\\.cluster\\.local)?$");
  private static final Pattern LOOPBACK_V4 = Pattern.compile("^127(\\.\\d{1,3}){3}$");
  private static final Pattern IPV4_CIDR =
      Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})$");
  private static final Pattern IPV6_CIDR =
      Pattern.compile("^([0-9a-fA-F:][0-9a-fA-F:.]*)/(\\d{1,3})$");

  /**
   * @throws IllegalArgumentException listing every problem, each naming its variable
   */
  public RuntimeIdentity {
    issuer = blankToNull(issuer);
    jwksUrl = blankToNull(jwksUrl);
    audience = blankToNull(audience);
    publicKeySecretName = blankToNull(publicKeySecretName);
    egressCidrs = egressCidrs == null ? List.of() : List.copyOf(egressCidrs);
    List<String> problems = problems(issuer, jwksUrl, audience, publicKeySecretName, egressCidrs);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid identity settings for the runtime pods: " + String.join("; ", problems));
    }
  }

  /** Reads the HUBIA_IDENTITY_* variables of the operator. */
  public static RuntimeIdentity fromEnvironment(Map<String, String> env) {
    return new RuntimeIdentity(
        env.get(ISSUER_ENV),
        env.get(JWKS_URL_ENV),
        env.get(AUDIENCE_ENV),
        env.get(PUBLIC_KEY_SECRET_ENV),
        csv(env.getOrDefault(EGRESS_CIDRS_ENV, "")));
  }

  /** Whether an issuer is trusted at all. */
  public boolean configured() {
    return issuer != null;
  }

  private static List<String> problems(
      String issuer,
      String jwksUrl,
      String audience,
      String publicKeySecretName,
      List<String> egressCidrs) {
    List<String> problems = new ArrayList<>();
    if (issuer == null) {
      requiresIssuer(problems, JWKS_URL_ENV, jwksUrl != null);
      requiresIssuer(problems, PUBLIC_KEY_SECRET_ENV, publicKeySecretName != null);
      requiresIssuer(problems, AUDIENCE_ENV, audience != null);
      requiresIssuer(problems, EGRESS_CIDRS_ENV, !egressCidrs.isEmpty());
      return problems;
    }
    issuerProblem(issuer).ifPresent(problems::add);
    if ((jwksUrl == null) == (publicKeySecretName == null)) {
      problems.add(
          ISSUER_ENV
              + " needs exactly one source of signing keys: "
              + JWKS_URL_ENV
              + " or "
              + PUBLIC_KEY_SECRET_ENV);
    }
    if (jwksUrl != null) {
      jwksUrlProblem(jwksUrl).ifPresent(problems::add);
    }
    if (publicKeySecretName != null
        && (publicKeySecretName.length() > 253
            || !SECRET_NAME.matcher(publicKeySecretName).matches())) {
      problems.add(
          PUBLIC_KEY_SECRET_ENV
              + " '"
              + publicKeySecretName
              + "' is not a Secret name (lower-case DNS subdomain)");
    }
    if (!egressCidrs.isEmpty() && jwksUrl == null) {
      problems.add(
          EGRESS_CIDRS_ENV
              + " is set but "
              + JWKS_URL_ENV
              + " is not: a public key from a Secret needs no egress");
    }
    for (String cidr : egressCidrs) {
      if (!isCidr(cidr)) {
        problems.add(
            EGRESS_CIDRS_ENV + ": '" + cidr + "' is not a CIDR block such as 203.0.113.0/24");
      }
    }
    return problems;
  }

  private static void requiresIssuer(List<String> problems, String variable, boolean set) {
    if (set) {
      problems.add(variable + " is set but " + ISSUER_ENV + " is not");
    }
  }

  /** The issuer is only compared with {@code iss}, never fetched: plain http is accepted. */
  private static Optional<String> issuerProblem(String issuer) {
    URI uri = HttpUrls.parse(issuer);
    if (uri == null
        || !HttpUrls.isHttp(uri)
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      return Optional.of(
          ISSUER_ENV
              + " '"
              + issuer
              + "' is not an issuer URL (http or https, with a host, no query or fragment)");
    }
    return Optional.empty();
  }

  /**
   * The keys decide which tokens are trusted: they are fetched over https, except from the pod
   * itself (loopback) or from a Service of the cluster named {@code <service>.<namespace>.svc[
   * .cluster.local]}, where the traffic never leaves the cluster network.
   */
  private static Optional<String> jwksUrlProblem(String jwksUrl) {
    URI uri = HttpUrls.parse(jwksUrl);
    if (uri == null
        || !HttpUrls.isHttp(uri)
        || uri.getHost() == null
        || uri.getRawFragment() != null) {
      return Optional.of(
          JWKS_URL_ENV + " '" + jwksUrl + "' is not an http or https URL with a host");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of(
          JWKS_URL_ENV + " must not carry credentials: it is written into the Deployments");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (uri.getScheme().equalsIgnoreCase("http") && !isLoopback(host) && !isClusterService(host)) {
      return Optional.of(
          JWKS_URL_ENV
              + " '"
              + jwksUrl
              + "' must use https: plain http is accepted only for a loopback address or a"
              + " cluster Service named <service>.<namespace>.svc[.cluster.local]");
    }
    return Optional.empty();
  }

  /**
   * Whether a host is a Service of the cluster: {@code <service>.<namespace>.svc[.cluster.local]}.
   */
  static boolean isClusterService(String host) {
    return CLUSTER_SERVICE.matcher(host.toLowerCase(Locale.ROOT)).matches();
  }

  private static boolean isLoopback(String host) {
    String bare = host.replace("[", "").replace("]", "");
    return bare.equals("localhost") || bare.equals("::1") || LOOPBACK_V4.matcher(bare).matches();
  }

  static boolean isCidr(String cidr) {
    var v4 = IPV4_CIDR.matcher(cidr);
    if (v4.matches()) {
      for (int group = 1; group <= 4; group++) {
        if (Integer.parseInt(v4.group(group)) > 255) {
          return false;
        }
      }
      return Integer.parseInt(v4.group(5)) <= 32;
    }
    var v6 = IPV6_CIDR.matcher(cidr);
    if (!v6.matches() || !v6.group(1).contains(":") || Integer.parseInt(v6.group(2)) > 128) {
      return false;
    }
    try {
      // Starting with a hex digit or ':' and holding a ':', the text is parsed as an IPv6
      // literal and refused if it is not one: never looked up in DNS.
      InetAddress.getByName(v6.group(1));
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static List<String> csv(String value) {
    return List.copyOf(
        new LinkedHashSet<>(
            Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
