package io.hubia.runtime.ingest;

import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The values of the Secret keys a source refers to (credentials, authorization headers). Values are
 * never logged nor put in an exception message.
 */
@FunctionalInterface
public interface SecretValues {
  /**
   * The value of {@code ref}, without a trailing line break.
   *
   * @throws SourceUnavailableException when the key is not available to this process
   */
  String value(SecretKeyRef ref) throws SourceUnavailableException;

  /**
   * Secrets mounted as files {@code <root>/<secret name>/<key>}: how the operator gives them to the
   * ingestion Job (one read-only Secret volume per referenced Secret, holding only the referenced
   * keys).
   */
  static SecretValues mountedUnder(Path root) {
    return ref -> {
      Path file = root.resolve(ref.getName()).resolve(ref.getKey()).normalize();
      if (!file.startsWith(root.normalize())) {
        throw new SourceUnavailableException(
            "secret reference " + ref.getName() + "/" + ref.getKey() + " leaves " + root);
      }
      try {
        return Files.readString(file, StandardCharsets.UTF_8).stripTrailing();
      } catch (NoSuchFileException e) {
        throw new SourceUnavailableException(
            "key '"
                + ref.getKey()
                + "' of Secret '"
                + ref.getName()
                + "' is not mounted at "
                + file
                + ": check that the Secret exists and holds that key");
      } catch (IOException e) {
        throw new SourceUnavailableException(
            "key '" + ref.getKey() + "' of Secret '" + ref.getName() + "' cannot be read", e);
      }
    };
  }

  /**
   * Secrets from the environment variables the operator maps them to in pods ({@link
   * io.hubia.api.config.RuntimeConfigRenderer#envName}): how the runtime and local mode read them.
   */
  static SecretValues environment() {
    return ref -> {
      String env = io.hubia.api.config.RuntimeConfigRenderer.envName(ref);
      String value = System.getenv(env);
      if (value == null || value.isBlank()) {
        throw new SourceUnavailableException(
            "key '"
                + ref.getKey()
                + "' of Secret '"
                + ref.getName()
                + "' is not set: the environment variable "
                + env
                + " is empty");
      }
      return value;
    };
  }

  /**
   * These values as a function, for the APIs that take one (embedders, chat models): a missing key
   * becomes an {@link IllegalArgumentException} with the same message.
   */
  default java.util.function.Function<SecretKeyRef, String> asFunction() {
    return ref -> {
      try {
        return value(ref);
      } catch (SourceUnavailableException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    };
  }

  /** No Secret available: every reference fails with a clear reason (local mode without them). */
  static SecretValues none() {
    return ref -> {
      throw new SourceUnavailableException(
          "Secret '" + ref.getName() + "' (key '" + ref.getKey() + "') is not available here");
    };
  }
}
