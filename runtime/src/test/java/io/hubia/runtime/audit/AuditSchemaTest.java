package io.hubia.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AuditSchemaTest {

  /** Flyway does not scan: every migration file must be listed, in order. */
  @Test
  void listsEveryMigrationOfTheFolder() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources", AuditSchema.LOCATION))) {
      assertThat(AuditSchema.MIGRATIONS)
          .containsExactlyElementsOf(
              files
                  .map(p -> p.getFileName().toString())
                  .sorted(AuditSchemaTest::byVersion)
                  .toList());
    }
  }

  private static int byVersion(String a, String b) {
    return Integer.compare(version(a), version(b));
  }

  private static int version(String name) {
    return Integer.parseInt(name.substring(1, name.indexOf("__")));
  }
}
