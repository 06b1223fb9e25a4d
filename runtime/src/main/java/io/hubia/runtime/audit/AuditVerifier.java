package io.hubia.runtime.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.runtime.audit.BrokenLink.Problem;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Walks one audit chain (namespace, workflow) in id order and checks every link ({@link
 * ChainCheck}): from the database, or from an export file ({@link AuditExporter}).
 *
 * <p>The database walk streams: one read-only, repeatable-read transaction (a consistent snapshot
 * while appends and purges go on) with a cursor fetching {@value #FETCH_SIZE} rows at a time, so a
 * chain of millions of events is never held in memory. Every row is read back into an {@link
 * AuditRecord} and hashed with {@link AuditHashing}, exactly as it was when written. The file walk
 * reads one line at a time and hashes the canonical form the line carries, byte for byte.
 *
 * <p>Needs only SELECT on {@code audit_event} and {@code audit_anchor}. Never throws for a broken
 * chain or an unreachable database: both are reports.
 */
public final class AuditVerifier {
  /** Rows fetched per round trip. */
  public static final int FETCH_SIZE = 1000;

  private static final String ANCHOR =
      "SELECT "
          + AuditAnchor.COLUMNS
          + " FROM audit_anchor WHERE workflow = ? AND namespace = ? ORDER BY id DESC LIMIT 1";
  private static final String EVENTS =
      "SELECT * FROM audit_event WHERE workflow = ? AND namespace = ? ORDER BY id";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;
  private final Clock clock;

  /**
   * @param dataSource the audit database, or {@code null} for a verifier of export files only
   * @param clock gives the reports' times
   */
  public AuditVerifier(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Walks the chain of {@code workflow} in {@code namespace} ({@code ""} in local mode). */
  public VerificationReport verify(String namespace, String workflow) {
    Objects.requireNonNull(dataSource, "this verifier has no database");
    String ns = namespace == null ? "" : namespace;
    long started = System.nanoTime();
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      int isolation = c.getTransactionIsolation();
      // a cursor (fetch size) needs a transaction; one snapshot for the anchor and every row
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        ChainCheck check = ChainCheck.fromAnchor(latestAnchor(c, ns, workflow));
        walk(c, ns, workflow, check);
        c.rollback();
        return VerificationReport.of(
            ns, workflow, VerificationReport.DATABASE, clock.instant(), since(started), check);
      } finally {
        restoreQuietly(c, autoCommit, isolation);
      }
    } catch (SQLException | RuntimeException e) {
      return VerificationReport.failed(
          ns,
          workflow,
          VerificationReport.DATABASE,
          clock.instant(),
          since(started),
          AuditStore.describe(e));
    }
  }

  private static AuditAnchor latestAnchor(Connection c, String namespace, String workflow)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(ANCHOR)) {
      s.setString(1, workflow);
      s.setString(2, namespace);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? AuditAnchor.fromRow(rs) : null;
      }
    }
  }

  private static void walk(Connection c, String namespace, String workflow, ChainCheck check)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(EVENTS, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      s.setFetchSize(FETCH_SIZE);
      s.setString(1, workflow);
      s.setString(2, namespace);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong("id");
          String stored = rs.getString("hash");
          UUID eventId = rs.getObject("event_id", UUID.class);
          AuditRecord record;
          String computed;
          try {
            record = AuditRecord.fromRow(rs);
            computed = AuditHashing.hash(record);
          } catch (RuntimeException e) {
            check.unreadable(
                id,
                eventId,
                stored,
                "event " + id + " cannot be read or hashed: " + e.getMessage());
            continue;
          }
          check.accept(id, eventId, record.prevHash(), stored, computed);
        }
      }
    }
  }

  /**
   * Checks an export file: its header, every event line (the SHA-256 of the canonical form it
   * carries against its hash, and the links from the header's start to the last event) and its
   * trailer (how many events, the last hash).
   */
  public VerificationReport verifyFile(Path file) {
    long started = System.nanoTime();
    String namespace = "";
    String workflow = file.getFileName().toString();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = in.readLine();
      JsonNode header = line == null ? null : parse(line);
      if (header == null
          || !AuditExporter.HEADER.equals(header.path("type").asText())
          || !AuditExporter.FORMAT.equals(header.path("format").asText())) {
        ChainCheck check = ChainCheck.fromExportStart(null, "nothing");
        check.fail(
            Problem.IncompleteExport,
            "the file does not start with a Hubia audit export header (line 1)");
        return VerificationReport.of(
            namespace, workflow, VerificationReport.FILE, clock.instant(), since(started), check);
      }
      namespace = header.path("namespace").asText("");
      workflow = header.path("workflow").asText(workflow);
      JsonNode start = header.path("start");
      String startHash = textOrNull(start.get("prevHash"));
      ChainCheck check = ChainCheck.fromExportStart(startHash, describeStart(start));
      JsonNode trailer = null;
      long number = 1;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isEmpty()) {
          continue;
        }
        JsonNode node = parse(line);
        String type = node == null ? "" : node.path("type").asText();
        if (trailer != null) {
          check.fail(
              Problem.IncompleteExport, "line " + number + " follows the trailer (line count)");
          break;
        }
        if (AuditExporter.TRAILER.equals(type)) {
          trailer = node;
        } else if (AuditExporter.EVENT.equals(type)) {
          event(line, node, number, check);
        } else {
          check.unreadable(
              null, null, null, "line " + number + " is not an event, header or trailer");
        }
      }
      if (trailer == null) {
        check.fail(
            Problem.IncompleteExport,
            "the file ends without its trailer after "
                + check.checked()
                + " event(s): it was cut short");
      } else {
        long declared = trailer.path("events").asLong(-1);
        String lastHash = textOrNull(trailer.get("lastHash"));
        if (declared != check.checked()) {
          check.fail(
              Problem.IncompleteExport,
              "the trailer counts "
                  + declared
                  + " event(s) but the file holds "
                  + check.checked()
                  + ": lines were removed or added");
        } else if (!Objects.equals(lastHash, check.headHash())) {
          check.fail(
              Problem.IncompleteExport,
              "the trailer's last hash is "
                  + lastHash
                  + " but the last event's hash is "
                  + check.headHash());
        }
      }
      return VerificationReport.of(
          namespace, workflow, VerificationReport.FILE, clock.instant(), since(started), check);
    } catch (IOException | RuntimeException e) {
      return VerificationReport.failed(
          namespace,
          workflow,
          VerificationReport.FILE,
          clock.instant(),
          since(started),
          "cannot read " + file + ": " + AuditStore.describe(e));
    }
  }

  /** One event line: hash the canonical form it carries, as the bytes appear in the line. */
  private static void event(String line, JsonNode node, long number, ChainCheck check) {
    JsonNode idNode = node.get("id");
    Long id = idNode != null && idNode.canConvertToLong() ? idNode.asLong() : null;
    String stored = textOrNull(node.get("hash"));
    JsonNode event = node.get("event");
    String canonical = AuditExporter.canonicalFormOf(line);
    if (id == null || stored == null || event == null || !event.isObject() || canonical == null) {
      check.unreadable(id, null, stored, "line " + number + " is not a complete event line");
      return;
    }
    UUID eventId;
    try {
      eventId = UUID.fromString(event.path("eventId").asText());
    } catch (IllegalArgumentException e) {
      eventId = null;
    }
    check.accept(
        id, eventId, textOrNull(event.get("prevHash")), stored, AuditHashing.sha256Hex(canonical));
  }

  private static String describeStart(JsonNode start) {
    String kind = start.path("kind").asText("");
    return switch (kind) {
      case AuditExporter.START_EVENT -> "event " + start.path("id").asText();
      case AuditExporter.START_ANCHOR ->
          "retention anchor " + start.path("anchor").path("id").asText();
      case AuditExporter.START_CHAIN -> "the start of the chain";
      default -> "an unknown start";
    };
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      return null;
    }
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  private static void restoreQuietly(Connection c, boolean autoCommit, int isolation) {
    try {
      if (!c.getAutoCommit()) {
        c.rollback();
      }
      c.setTransactionIsolation(isolation);
      c.setAutoCommit(autoCommit);
    } catch (SQLException | RuntimeException ignored) {
      // the connection is broken; the pool discards it
    }
  }
}
