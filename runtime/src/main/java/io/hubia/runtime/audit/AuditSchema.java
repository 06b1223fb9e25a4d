package io.hubia.runtime.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ClassProvider;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The audit schema's Flyway migrations ({@code db/audit/V*.sql} on the classpath), history table
 * {@value #HISTORY_TABLE}.
 *
 * <p>The migrations are listed here rather than found by Flyway's classpath scanning, which depends
 * on how the application's class loader exposes folders (Quarkus's fast-jar and test class loaders
 * differ); {@code AuditSchemaTest} checks that the list matches the folder. Add each new file to
 * {@link #MIGRATIONS}.
 */
public final class AuditSchema {
  /** Folder of the migrations on the classpath. */
  public static final String LOCATION = "db/audit";

  /** The migrations, oldest first. */
  public static final List<String> MIGRATIONS =
      List.of(
          "V1__audit_events.sql",
          "V2__audit_anchor.sql",
          "V3__audit_token_usage_index.sql",
          "V4__approval_request.sql");

  /** Flyway's history table for the audit schema (not the default, to share a database). */
  public static final String HISTORY_TABLE = "audit_schema_history";

  private AuditSchema() {}

  /** Applies the pending migrations; the schema's owner (or a superuser) runs this. */
  public static MigrateResult migrate(DataSource dataSource) {
    return flyway(dataSource).migrate();
  }

  /**
   * Where a database stands: its current schema version ({@code none} before the first migration)
   * and the migrations of this runtime not applied yet, as {@code V<version> <description>}.
   */
  public record Status(String version, List<String> pending) {}

  /** The schema's status, changing nothing. */
  public static Status status(DataSource dataSource) {
    MigrationInfoService info = flyway(dataSource).info();
    MigrationInfo current = info.current();
    List<String> pending =
        Arrays.stream(info.pending())
            .map(m -> "V" + m.getVersion() + " " + m.getDescription())
            .toList();
    return new Status(current == null ? "none" : current.getVersion().toString(), pending);
  }

  /** Applies the pending migrations and returns the status after them. */
  public static Status migrateAndReport(DataSource dataSource) {
    migrate(dataSource);
    return status(dataSource);
  }

  /**
   * Checks, without changing anything, that the database holds exactly the migrations of this
   * runtime: what a runtime connecting with the insert-only role does (hubia.audit.migrate=false).
   *
   * @throws IllegalStateException if it does not, with Flyway's explanation
   */
  public static void validate(DataSource dataSource) {
    ValidateResult result = flyway(dataSource).validateWithResult();
    if (!result.validationSuccessful) {
      throw new IllegalStateException(
          "audit schema is not at this runtime's version: " + result.getAllErrorMessages());
    }
  }

  private static Flyway flyway(DataSource dataSource) {
    ClassProvider<JavaMigration> noJavaMigrations = List::of;
    return Flyway.configure(AuditSchema.class.getClassLoader())
        .dataSource(dataSource)
        .table(HISTORY_TABLE)
        .resourceProvider(new Migrations())
        .javaMigrationClassProvider(noJavaMigrations)
        .cleanDisabled(true)
        .validateMigrationNaming(true)
        .load();
  }

  /** The listed migrations, read from the classpath. */
  private static final class Migrations implements ResourceProvider {
    private final List<LoadableResource> resources = new ArrayList<>();

    Migrations() {
      for (String name : MIGRATIONS) {
        resources.add(new Migration(name, read(LOCATION + "/" + name)));
      }
    }

    private static String read(String path) {
      try (InputStream in = AuditSchema.class.getClassLoader().getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException("audit migration " + path + " is not on the classpath");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public LoadableResource getResource(String name) {
      return resources.stream()
          .filter(r -> r.getRelativePath().equals(name) || r.getFilename().equals(name))
          .findFirst()
          .orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
      return resources.stream()
          .filter(r -> r.getFilename().startsWith(prefix))
          .filter(r -> Arrays.stream(suffixes).anyMatch(s -> r.getFilename().endsWith(s)))
          .toList();
    }
  }

  private static final class Migration extends LoadableResource {
    private final String name;
    private final String sql;

    Migration(String name, String sql) {
      this.name = Objects.requireNonNull(name);
      this.sql = Objects.requireNonNull(sql);
    }

    @Override
    public Reader read() {
      return new StringReader(sql);
    }

    @Override
    public String getAbsolutePath() {
      return LOCATION + "/" + name;
    }

    @Override
    public String getAbsolutePathOnDisk() {
      return LOCATION + "/" + name;
    }

    @Override
    public String getFilename() {
      return name;
    }

    @Override
    public String getRelativePath() {
      return name;
    }
  }
}
