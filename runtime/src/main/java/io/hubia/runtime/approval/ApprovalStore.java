package io.hubia.runtime.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.api.v1alpha1.spec.ApprovalTimeoutAction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The {@code approval_request} table (migration V4): insert a held request, decide it once, give it
 * its result once, read it back. Every change is one guarded statement, so concurrent approvers and
 * replicas cannot both decide a request nor both complete it.
 *
 * <p>Failures are {@link SQLException}s for the caller to turn into 503s; no message carries a
 * question, an answer or an argument.
 */
public final class ApprovalStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private static final String COLUMNS =
      "id, namespace, workflow, kind, subject, caller, question, conversation_id, what, why,"
          + " trace_id, created_at, deadline, on_timeout, status, decided_by, decided_at,"
          + " decision_reason, result, delivered_at";

  private static final String INSERT =
      "INSERT INTO approval_request (id, namespace, workflow, kind, subject, caller, question,"
          + " conversation_id, what, why, trace_id, created_at, deadline, on_timeout) VALUES (?, ?,"
          + " ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)";

  private static final String DECIDE =
      "UPDATE approval_request SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ?"
          + " WHERE id = ? AND status = 'pending'";

  /** The result, once; the question and the caller are no longer needed after it. */
  private static final String COMPLETE =
      "UPDATE approval_request SET result = ?::jsonb, caller = NULL, question = NULL"
          + " WHERE id = ? AND result IS NULL AND status <> 'pending'";

  private static final String DELIVERED =
      "UPDATE approval_request SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL";

  private static final String PENDING_STATS =
      "SELECT namespace, workflow, count(*), min(created_at) FROM approval_request"
          + " WHERE status = 'pending' GROUP BY namespace, workflow";

  private final DataSource dataSource;

  public ApprovalStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Stores a new pending request. */
  public void insert(ApprovalRequest r) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(INSERT)) {
      s.setObject(1, r.id());
      s.setString(2, r.namespace());
      s.setString(3, r.workflow());
      s.setString(4, r.kind().value());
      s.setString(5, r.subject());
      s.setString(6, r.caller() == null ? null : json(r.caller()));
      s.setString(7, r.question());
      s.setString(8, r.conversationId());
      s.setString(9, json(r.what()));
      s.setString(10, r.why());
      s.setString(11, r.traceId());
      s.setTimestamp(12, Timestamp.from(r.createdAt()));
      s.setTimestamp(13, Timestamp.from(r.deadline()));
      s.setString(14, r.onTimeout().name());
      s.executeUpdate();
    }
  }

  /** The request {@code id}, if there is one. */
  public Optional<ApprovalRequest> find(UUID id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT " + COLUMNS + " FROM approval_request WHERE id = ?")) {
      s.setObject(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  /**
   * The requests of a workflow, oldest first.
   *
   * @param status only those in this status; {@code null} for all
   * @param limit at most this many
   */
  public List<ApprovalRequest> list(
      String namespace, String workflow, ApprovalRequest.Status status, int limit)
      throws SQLException {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM approval_request WHERE workflow = ? AND namespace = ?"
            + (status == null ? "" : " AND status = ?")
            + " ORDER BY created_at, id LIMIT ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      s.setString(i++, workflow);
      s.setString(i++, namespace);
      if (status != null) {
        s.setString(i++, status.value());
      }
      s.setInt(i, limit);
      return readAll(s);
    }
  }

  /**
   * Pending requests of a workflow whose deadline is at or before {@code now}, oldest deadline
   * first.
   */
  public List<ApprovalRequest> expired(String namespace, String workflow, Instant now, int limit)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM approval_request WHERE status = 'pending' AND workflow = ?"
                    + " AND namespace = ? AND deadline <= ? ORDER BY deadline LIMIT ?")) {
      s.setString(1, workflow);
      s.setString(2, namespace);
      s.setTimestamp(3, Timestamp.from(now));
      s.setInt(4, limit);
      return readAll(s);
    }
  }

  /**
   * Decides a pending request.
   *
   * @return whether this call decided it: {@code false} when it was already decided
   */
  public boolean decide(
      UUID id, ApprovalRequest.Status outcome, String decidedBy, String reason, Instant at)
      throws SQLException {
    if (outcome == ApprovalRequest.Status.PENDING) {
      throw new IllegalArgumentException("a decision approves or rejects");
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(DECIDE)) {
      s.setString(1, outcome.value());
      s.setString(2, decidedBy);
      s.setTimestamp(3, Timestamp.from(at));
      s.setString(4, reason);
      s.setObject(5, id);
      return s.executeUpdate() == 1;
    }
  }

  /**
   * Gives a decided request its result (an {@code AskResponse} as JSON) and forgets its question
   * and caller.
   *
   * @return whether this call set it: {@code false} when it already had one
   */
  public boolean complete(UUID id, String resultJson) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(COMPLETE)) {
      s.setString(1, resultJson);
      s.setObject(2, id);
      return s.executeUpdate() == 1;
    }
  }

  /** Records when the caller first received the result. */
  public void delivered(UUID id, Instant at) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(DELIVERED)) {
      s.setTimestamp(1, Timestamp.from(at));
      s.setObject(2, id);
      s.executeUpdate();
    }
  }

  /** Pending requests per workflow: how many, and when the oldest was held. */
  public record Queue(String namespace, String workflow, long pending, Instant oldest) {}

  /** The pending queues of every workflow that has one. */
  public List<Queue> queues() throws SQLException {
    List<Queue> queues = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(PENDING_STATS);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        queues.add(
            new Queue(
                rs.getString(1), rs.getString(2), rs.getLong(3), rs.getTimestamp(4).toInstant()));
      }
    }
    return queues;
  }

  private static List<ApprovalRequest> readAll(PreparedStatement s) throws SQLException {
    List<ApprovalRequest> found = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        found.add(read(rs));
      }
    }
    return found;
  }

  private static ApprovalRequest read(ResultSet rs) throws SQLException {
    String caller = rs.getString("caller");
    return new ApprovalRequest(
        rs.getObject("id", UUID.class),
        rs.getString("namespace"),
        rs.getString("workflow"),
        ApprovalRequest.Kind.of(rs.getString("kind")),
        rs.getString("subject"),
        caller == null ? null : parse(caller, HeldCaller.class),
        rs.getString("question"),
        rs.getString("conversation_id"),
        parseMap(rs.getString("what")),
        rs.getString("why"),
        rs.getString("trace_id"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("deadline")),
        ApprovalTimeoutAction.valueOf(rs.getString("on_timeout")),
        ApprovalRequest.Status.of(rs.getString("status")),
        rs.getString("decided_by"),
        instant(rs.getTimestamp("decided_at")),
        rs.getString("decision_reason"),
        rs.getString("result"),
        instant(rs.getTimestamp("delivered_at")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serialisable as JSON: " + value.getClass(), e);
    }
  }

  private static <T> T parse(String json, Class<T> type) throws SQLException {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new SQLException("approval_request holds unreadable JSON", e);
    }
  }

  private static Map<String, Object> parseMap(String json) throws SQLException {
    try {
      return JSON.readValue(json, MAP);
    } catch (JsonProcessingException e) {
      throw new SQLException("approval_request holds unreadable JSON", e);
    }
  }
}
