package io.hubia.runtime.testing;

import io.smallrye.config.WithDefault;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A settings interface of the runtime ({@code @ConfigMapping}) answering as an unconfigured
 * production runtime would: each method's {@code @WithDefault}, an empty {@code Optional} where it
 * has none, unless {@code overrides} names the method. For services built by hand outside Quarkus
 * (benchmarks), so that they run with the shipped defaults rather than values copied into the test.
 */
public final class SettingsDefaults {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private SettingsDefaults() {}

  /**
   * @param mapping the settings interface
   * @param overrides values by method name, returned as they are ({@code Optional} methods wrap
   *     them)
   * @throws IllegalArgumentException when a method has neither a default nor an override
   */
  public static <T> T of(Class<T> mapping, Map<String, Object> overrides) {
    for (Method m : mapping.getMethods()) {
      if (!Modifier.isStatic(m.getModifiers())
          && !m.isDefault()
          && !overrides.containsKey(m.getName())) {
        value(m); // fails now rather than at first call
      }
    }
    return mapping.cast(
        Proxy.newProxyInstance(
            mapping.getClassLoader(),
            new Class<?>[] {mapping},
            (proxy, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                  case "toString" -> mapping.getSimpleName() + overrides;
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> throw new UnsupportedOperationException(method.getName());
                };
              }
              if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
              }
              if (overrides.containsKey(method.getName())) {
                Object v = overrides.get(method.getName());
                return method.getReturnType() == Optional.class ? Optional.ofNullable(v) : v;
              }
              return value(method);
            }));
  }

  private static Object value(Method method) {
    WithDefault d = method.getAnnotation(WithDefault.class);
    Class<?> type = method.getReturnType();
    if (d == null) {
      if (type == Optional.class) {
        return Optional.empty();
      }
      throw new IllegalArgumentException(
          method.getDeclaringClass().getSimpleName()
              + "."
              + method.getName()
              + " has no default: give it an override");
    }
    String v = d.value();
    if (type == String.class) {
      return v;
    }
    if (type == int.class || type == Integer.class) {
      return Integer.parseInt(v);
    }
    if (type == long.class || type == Long.class) {
      return Long.parseLong(v);
    }
    if (type == boolean.class || type == Boolean.class) {
      return Boolean.parseBoolean(v);
    }
    if (type == ZoneId.class) {
      return ZoneId.of(v);
    }
    if (type == Duration.class) {
      return duration(v);
    }
    throw new IllegalArgumentException("no conversion of a default to " + type.getName());
  }

  /** Quarkus's duration syntax: {@code 30s}, {@code 1h}, {@code 250ms}..., or ISO-8601. */
  static Duration duration(String v) {
    if (v.startsWith("P") || v.startsWith("p")) {
      return Duration.parse(v);
    }
    Matcher m = DURATION.matcher(v.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: " + v);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
