package io.hubia.runtime.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Writes a time range of one audit chain as JSON Lines that an auditor can verify without Hubia's
 * database (format {@value #FORMAT} version {@value #FORMAT_VERSION}, described in docs/audit.md):
 *
 * <ol>
 *   <li>a header: {@code {"type":"header","format":"hubia-audit-export",...,"start":{...}}}, where
 *       {@code start.prevHash} is the hash the first exported event links to (the event before it,
 *       the retention anchor it follows, or {@code null} at the start of the chain);
 *   <li>one line per event, in chain order: {@code {"type":"event","id":<database
 *       id>,"hash":"<hash>","event":<canonical form>}}, where the {@code event} value is the
 *       canonical form of {@link AuditHashing} byte for byte (every column but {@code id} and
 *       {@code hash}, {@code prevHash} included), so the SHA-256 of that text is {@code hash};
 *   <li>a trailer: {@code {"type":"trailer","events":N,"firstId":..,"lastId":..,"lastHash":".."}},
 *       whose absence shows a file cut short.
 * </ol>
 *
 * <p>The range is a contiguous part of the chain: from the first event (in chain order) that
 * occurred at or after {@code from} to the last one that occurred before {@code to}. Events written
 * concurrently can have times slightly out of chain order, so an event at either edge may lie just
 * outside the range: it is exported rather than leaving a hole in the exported chain.
 *
 * <p>Streams like {@link AuditVerifier}: one repeatable-read snapshot, a cursor of {@value
 * AuditVerifier#FETCH_SIZE} rows. Needs SELECT on {@code audit_event} and {@code audit_anchor}.
 */
public final class AuditExporter {
  /** The header's {@code format}. */
  public static final String FORMAT = "hubia-audit-export";

  /** The header's {@code formatVersion}. */
  public static final int FORMAT_VERSION = 1;

  static final String HEADER = "header";
  static final String EVENT = "event";
  static final String TRAILER = "trailer";

  /** {@code start.kind}: the first event exported starts the chain. */
  static final String START_CHAIN = "ChainStart";

  /** {@code start.kind}: the first event exported follows a stored event. */
  static final String START_EVENT = "Event";

  /** {@code start.kind}: the first event exported follows a retention purge. */
  static final String START_ANCHOR = "Anchor";

  /** What precedes the canonical form in an event line. */
  private static final String EVENT_KEY = "\"event\":{";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String CHAIN = " FROM audit_event WHERE workflow = ? AND namespace = ?";
  private static final String FIRST_FROM = "SELECT min(id)" + CHAIN + " AND occurred_at >= ?";
  private static final String FIRST = "SELECT min(id)" + CHAIN;
  private static final String LAST_BEFORE = "SELECT max(id)" + CHAIN + " AND occurred_at < ?";
  private static final String LAST = "SELECT max(id)" + CHAIN;
  private static final String PREVIOUS =
      "SELECT id, event_id, hash" + CHAIN + " AND id < ? ORDER BY id DESC LIMIT 1";
  private static final String ANCHOR =
      "SELECT "
          + AuditAnchor.COLUMNS
          + " FROM audit_anchor WHERE workflow = ? AND namespace = ? ORDER BY id DESC LIMIT 1";
  private static final String RANGE = "SELECT *" + CHAIN + " AND id BETWEEN ? AND ? ORDER BY id";

  /**
   * What was exported.
   *
   * @param events events written
   * @param firstId database id of the first, or {@code null}
   * @param lastId database id of the last, or {@code null}
   * @param lastHash hash of the last, or {@code null}
   */
  public record Summary(long events, Long firstId, Long lastId, String lastHash) {}

  private final DataSource dataSource;
  private final Clock clock;

  public AuditExporter(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Writes the events of the chain ({@code namespace}, {@code workflow}) that occurred in [{@code
   * from}, {@code to}) to {@code out}.
   *
   * @param from start of the range, inclusive; {@code null} for the start of the chain
   * @param to end of the range, exclusive; {@code null} for its end
   */
  public Summary export(String namespace, String workflow, Instant from, Instant to, Writer out)
      throws SQLException, IOException {
    String ns = namespace == null ? "" : namespace;
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      int isolation = c.getTransactionIsolation();
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        Long firstId = bound(c, from == null ? FIRST : FIRST_FROM, ns, workflow, from);
        Long lastId = bound(c, to == null ? LAST : LAST_BEFORE, ns, workflow, to);
        boolean empty = firstId == null || lastId == null || firstId > lastId;
        ObjectNode header = JSON.createObjectNode();
        header.put("type", HEADER);
        header.put("format", FORMAT);
        header.put("formatVersion", FORMAT_VERSION);
        header.put("namespace", ns);
        header.put("workflow", workflow);
        header.put("from", from == null ? null : from.toString());
        header.put("to", to == null ? null : to.toString());
        header.put("exportedAt", clock.instant().toString());
        header.set("start", empty ? null : start(c, ns, workflow, firstId));
        writeLine(out, JSON.writeValueAsString(header));
        Summary summary =
            empty
                ? new Summary(0, null, null, null)
                : events(c, ns, workflow, firstId, lastId, out);
        ObjectNode trailer = JSON.createObjectNode();
        trailer.put("type", TRAILER);
        trailer.put("events", summary.events());
        trailer.put("firstId", summary.firstId());
        trailer.put("lastId", summary.lastId());
        trailer.put("lastHash", summary.lastHash());
        writeLine(out, JSON.writeValueAsString(trailer));
        out.flush();
        c.rollback();
        return summary;
      } finally {
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
  }

  private static Long bound(Connection c, String sql, String ns, String workflow, Instant at)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, workflow);
      s.setString(2, ns);
      if (at != null) {
        s.setTimestamp(3, Timestamp.from(at));
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        long id = rs.getLong(1);
        return rs.wasNull() ? null : id;
      }
    }
  }

  /** What the first exported event links to. */
  private static ObjectNode start(Connection c, String ns, String workflow, long firstId)
      throws SQLException {
    ObjectNode start = JSON.createObjectNode();
    try (PreparedStatement s = c.prepareStatement(PREVIOUS)) {
      s.setString(1, workflow);
      s.setString(2, ns);
      s.setLong(3, firstId);
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          start.put("kind", START_EVENT);
          start.put("prevHash", rs.getString("hash"));
          start.put("id", rs.getLong("id"));
          start.put("eventId", rs.getObject("event_id", UUID.class).toString());
          return start;
        }
      }
    }
    try (PreparedStatement s = c.prepareStatement(ANCHOR)) {
      s.setString(1, workflow);
      s.setString(2, ns);
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          AuditAnchor anchor = AuditAnchor.fromRow(rs);
          start.put("kind", START_ANCHOR);
          start.put("prevHash", anchor.lastPurgedHash());
          start.set("anchor", JSON.valueToTree(anchor.toReport()));
          return start;
        }
      }
    }
    start.put("kind", START_CHAIN);
    start.putNull("prevHash");
    return start;
  }

  private static Summary events(
      Connection c, String ns, String workflow, long firstId, long lastId, Writer out)
      throws SQLException, IOException {
    long count = 0;
    long last = firstId;
    String lastHash = null;
    try (PreparedStatement s =
        c.prepareStatement(RANGE, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      s.setFetchSize(AuditVerifier.FETCH_SIZE);
      s.setString(1, workflow);
      s.setString(2, ns);
      s.setLong(3, firstId);
      s.setLong(4, lastId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong("id");
          String hash = rs.getString("hash");
          writeLine(out, eventLine(id, hash, AuditHashing.canonicalForm(AuditRecord.fromRow(rs))));
          count++;
          last = id;
          lastHash = hash;
        }
      }
    }
    return new Summary(count, count == 0 ? null : firstId, count == 0 ? null : last, lastHash);
  }

  /** An event line: its canonical form is the last value, verbatim. */
  static String eventLine(long id, String hash, String canonicalForm) {
    try {
      return "{\"type\":\""
          + EVENT
          + "\",\"id\":"
          + id
          + ",\"hash\":"
          + JSON.writeValueAsString(hash)
          + ","
          + EVENT_KEY.substring(0, EVENT_KEY.length() - 1)
          + canonicalForm
          + "}";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The canonical form an event line carries (the text its hash covers), or {@code null} when the
   * line does not have the layout of {@link #eventLine}.
   */
  static String canonicalFormOf(String line) {
    int at = line.indexOf(EVENT_KEY);
    if (at < 0 || !line.endsWith("}")) {
      return null;
    }
    return line.substring(at + EVENT_KEY.length() - 1, line.length() - 1);
  }

  private static void writeLine(Writer out, String line) throws IOException {
    out.write(line);
    out.write('\n');
  }
}
