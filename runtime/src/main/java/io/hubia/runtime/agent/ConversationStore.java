package io.hubia.runtime.agent;

import io.hubia.runtime.answer.Turn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent turns of each conversation, in memory: keyed by workflow, caller and conversation id,
 * so that a caller can never continue (and read) someone else's conversation. Bounded: at most
 * {@link #MAX_TURNS} turns per conversation, {@link #MAX_CONVERSATIONS} conversations (least
 * recently used evicted), forgotten after {@link #TTL} without a turn. Lost on restart and not
 * shared between replicas: a follow-up that reaches another pod is answered as a new question.
 */
public final class ConversationStore {
  public static final int MAX_TURNS = 6;
  public static final int MAX_CONVERSATIONS = 10_000;
  public static final Duration TTL = Duration.ofMinutes(30);

  private final Clock clock;
  private final Map<String, Conversation> conversations =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Conversation> eldest) {
          return size() > MAX_CONVERSATIONS;
        }
      };

  public ConversationStore(Clock clock) {
    this.clock = clock;
  }

  private record Conversation(List<Turn> turns, Instant touched) {}

  /** The turns of a conversation, oldest first; empty when unknown or expired. */
  public synchronized List<Turn> history(String workflow, String subject, String conversationId) {
    if (conversationId == null) {
      return List.of();
    }
    Conversation c = conversations.get(key(workflow, subject, conversationId));
    if (c == null || c.touched().plus(TTL).isBefore(clock.instant())) {
      return List.of();
    }
    return List.copyOf(c.turns());
  }

  /** Records a turn of a conversation. */
  public synchronized void add(String workflow, String subject, String conversationId, Turn turn) {
    if (conversationId == null) {
      return;
    }
    String key = key(workflow, subject, conversationId);
    List<Turn> turns = new ArrayList<>(history(workflow, subject, conversationId));
    turns.add(turn);
    while (turns.size() > MAX_TURNS) {
      turns.remove(0);
    }
    conversations.put(key, new Conversation(List.copyOf(turns), clock.instant()));
  }

  private static String key(String workflow, String subject, String conversationId) {
    return workflow + "\u0000" + subject + "\u0000" + conversationId;
  }
}
