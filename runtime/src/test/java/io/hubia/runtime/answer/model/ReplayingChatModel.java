package io.hubia.runtime.answer.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.internal.ExceptionMapper;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The remote LLM, replayed from a JSON fixture: the only fake of the project. It answers what
 * langchain4j's OpenAI client ({@code OpenAiChatModel} on the JDK HTTP client, no retries) would
 * return or throw for the recorded server response, so that the code under test goes through the
 * same paths as in production:
 *
 * <ul>
 *   <li>a completion: {@link AiMessage} (an empty content becomes a {@code null} text, as the
 *       client does), tool calls, {@link TokenUsage}, finish reason from the OpenAI wire value
 *       ({@code stop}, {@code length}, {@code tool_calls}, {@code content_filter});
 *   <li>{@code "failure": "timeout"}: the client's {@link TimeoutException} around the JDK's {@link
 *       HttpTimeoutException};
 *   <li>{@code "failure": "http"} with {@code status} and {@code body}: the {@link HttpException}
 *       mapped as the client maps it (500 gives an {@code InternalServerException}, 401 an {@code
 *       AuthenticationException}...);
 *   <li>{@code "failure": "connection"}: connection refused, as mapped by the client;
 *   <li>{@code "failure": "refusal"}: the {@link ContentFilteredException} the client throws when
 *       the response carries a {@code refusal};
 *   <li>{@code "failure": "empty"}: a completion with no content and no tool call.
 * </ul>
 *
 * <p>Fixture format ({@code runtime/src/test/resources/answer/model/*.json}):
 *
 * <pre>
 * { "model": "mistral-small-2506",
 *   "entries": [
 *     { "match": "substring of the last user message (case-insensitive)",   or "regex": "..."
 *       "afterTool": "tool name, or *: only when the last message is that tool's result",
 *       "text": "...", "inputTokens": 812, "outputTokens": 64, "finishReason": "stop",
 *       "toolCalls": [ { "id": "call_1", "name": "recherche-rh", "arguments": { "query": "..." } } ],
 *       "delayMs": 0, "failure": "timeout | http | connection | refusal | empty", "status": 500,
 *       "replies": [ { ...one reply per call, the last one repeated... } ] } ] }
 * </pre>
 *
 * In {@code text}, {@code {{cite:fragment}}} becomes the marker {@code [n]} of the first {@code
 * <source id="n">} block of the last user message whose text or title contains the fragment
 * (case-insensitive, spaces normalised): recorded answers then cite the right source whatever order
 * retrieval gave the sources in. A fragment no source contains is a test error, except in {@code
 * {{cite?:fragment}}}, which then becomes {@code [1]}: for fixtures shared by requests whose
 * sources differ (a model that cites what it was given when it is there, and the first source
 * otherwise).
 *
 * <p>The first entry that matches answers. An entry without {@code afterTool} matches only a
 * request whose last message is not a tool result. A request that no entry matches is a test error
 * ({@link IllegalStateException}). Every request is recorded ({@link #requests()}).
 */
public final class ReplayingChatModel implements ChatModel {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String modelName;
  private final List<Entry> entries = new ArrayList<>();
  private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  private ReplayingChatModel(JsonNode fixture) {
    this.modelName = fixture.path("model").asText("replayed-model");
    for (JsonNode entry : fixture.path("entries")) {
      entries.add(new Entry(entry));
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a fixture needs entries");
    }
  }

  /** The fixture at {@code path} on the test class path, e.g. {@code answer/model/x.json}. */
  public static ReplayingChatModel fromResource(String path) {
    try (InputStream in = ReplayingChatModel.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new ReplayingChatModel(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture given as JSON text. */
  public static ReplayingChatModel fromJson(String json) {
    try {
      return new ReplayingChatModel(JSON.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The model name the fixture records. */
  public String modelName() {
    return modelName;
  }

  /** Every request received, in order. */
  public List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  /** The text of the last user message of {@code request}. */
  public static String lastUserText(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i) instanceof UserMessage user && user.hasSingleText()) {
        return user.singleText();
      }
    }
    return "";
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    requests.add(request);
    List<ChatMessage> messages = request.messages();
    ChatMessage lastMessage = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    String toolResult =
        lastMessage instanceof ToolExecutionResultMessage result ? result.toolName() : null;
    String userText = lastUserText(request);
    for (Entry entry : entries) {
      if (entry.matches(userText, toolResult)) {
        return entry.next().play(this, userText);
      }
    }
    throw new IllegalStateException(
        "no fixture entry for the last user message "
            + (toolResult == null ? "" : "(after tool " + toolResult + ") ")
            + "ending with: "
            + userText.substring(Math.max(0, userText.length() - 200)));
  }

  /**
   * What the fixture records for a request whose last user message is {@code userText} (and whose
   * last message is not a tool result), citation templates resolved: the face of this fixture that
   * {@code ReplayingOpenAiServer} puts on the wire.
   *
   * @throws IllegalStateException when no entry matches
   */
  public Recorded replay(String userText) {
    return replay(userText, null);
  }

  /**
   * What the fixture records for a request whose last user message is {@code userText} and whose
   * last message is the result of tool {@code toolResult} ({@code null}: not a tool result).
   *
   * @throws IllegalStateException when no entry matches
   */
  public Recorded replay(String userText, String toolResult) {
    for (Entry entry : entries) {
      if (entry.matches(userText, toolResult)) {
        Reply reply = entry.next();
        return new Recorded(
            reply.text == null ? null : citeSources(reply.text, userText),
            reply.inputTokens,
            reply.outputTokens,
            reply.finishReason,
            reply.delayMs,
            reply.failure,
            reply.status,
            reply.body,
            List.copyOf(reply.toolCalls));
      }
    }
    throw new IllegalStateException(
        "no fixture entry for the last user message "
            + (toolResult == null ? "" : "(after tool " + toolResult + ") ")
            + "ending with: "
            + userText.substring(Math.max(0, userText.length() - 200)));
  }

  /** One recorded reply, as the fixture says it; see the class comment for the fields. */
  public record Recorded(
      String text,
      Integer inputTokens,
      Integer outputTokens,
      String finishReason,
      long delayMs,
      String failure,
      int status,
      String body,
      List<ToolExecutionRequest> toolCalls) {}

  private static final Pattern SOURCE =
      Pattern.compile("<source id=\"(\\d+)\"([^>]*)>(.*?)</source>", Pattern.DOTALL);
  private static final Pattern CITE = Pattern.compile("\\{\\{cite(\\?)?:([^}]+)}}");

  /** {@code text} with each {@code {{cite:fragment}}} replaced by its source's marker. */
  static String citeSources(String text, String prompt) {
    Matcher cite = CITE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (cite.find()) {
      String fragment = normalised(cite.group(2));
      String number = null;
      Matcher source = SOURCE.matcher(prompt);
      while (number == null && source.find()) {
        if (normalised(source.group(3)).contains(fragment)
            || normalised(source.group(2)).contains(fragment)) {
          number = source.group(1);
        }
      }
      if (number == null && cite.group(1) != null) {
        number = "1"; // {{cite?:...}}: the first source when none contains the fragment
      }
      if (number == null) {
        throw new IllegalStateException(
            "no source of the request contains the cited fragment \"" + cite.group(2) + "\"");
      }
      cite.appendReplacement(out, "[" + number + "]");
    }
    cite.appendTail(out);
    return out.toString();
  }

  private static String normalised(String text) {
    return text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replaceAll("\\s+", " ")
        .toLowerCase(Locale.ROOT);
  }

  private static final class Entry {
    private final String match;
    private final Pattern regex;
    private final String afterTool;
    private final List<Reply> replies = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    Entry(JsonNode node) {
      this.match = node.hasNonNull("match") ? node.get("match").asText() : null;
      this.regex = node.hasNonNull("regex") ? Pattern.compile(node.get("regex").asText()) : null;
      this.afterTool = node.hasNonNull("afterTool") ? node.get("afterTool").asText() : null;
      if (match == null && regex == null) {
        throw new IllegalArgumentException("a fixture entry needs 'match' or 'regex'");
      }
      if (node.has("replies")) {
        node.get("replies").forEach(reply -> replies.add(new Reply(reply)));
      } else {
        replies.add(new Reply(node));
      }
    }

    boolean matches(String userText, String toolResult) {
      if (afterTool == null ? toolResult != null : toolResult == null) {
        return false;
      }
      if (afterTool != null && !afterTool.equals("*") && !afterTool.equals(toolResult)) {
        return false;
      }
      if (regex != null) {
        return regex.matcher(userText).find();
      }
      return userText.toLowerCase(Locale.ROOT).contains(match.toLowerCase(Locale.ROOT));
    }

    Reply next() {
      int call = calls.getAndIncrement();
      return replies.get(Math.min(call, replies.size() - 1));
    }
  }

  private static final class Reply {
    private final String text;
    private final Integer inputTokens;
    private final Integer outputTokens;
    private final String finishReason;
    private final List<ToolExecutionRequest> toolCalls = new ArrayList<>();
    private final long delayMs;
    private final String failure;
    private final int status;
    private final String body;

    Reply(JsonNode node) {
      this.text = node.hasNonNull("text") ? node.get("text").asText() : null;
      this.inputTokens = node.hasNonNull("inputTokens") ? node.get("inputTokens").asInt() : null;
      this.outputTokens = node.hasNonNull("outputTokens") ? node.get("outputTokens").asInt() : null;
      this.finishReason =
          node.hasNonNull("finishReason") ? node.get("finishReason").asText() : null;
      this.delayMs = node.path("delayMs").asLong(0);
      this.failure = node.hasNonNull("failure") ? node.get("failure").asText() : null;
      this.status = node.path("status").asInt(500);
      this.body = node.path("body").asText("{\"error\":{\"message\":\"replayed failure\"}}");
      for (JsonNode call : node.path("toolCalls")) {
        JsonNode arguments = call.path("arguments");
        toolCalls.add(
            ToolExecutionRequest.builder()
                .id(call.path("id").asText("call_" + toolCalls.size()))
                .name(call.path("name").asText())
                .arguments(arguments.isTextual() ? arguments.asText() : arguments.toString())
                .build());
      }
    }

    ChatResponse play(ReplayingChatModel model, String prompt) {
      if (delayMs > 0) {
        try {
          Thread.sleep(delayMs);
        } catch (InterruptedException e) {
          // as the JDK HTTP client of langchain4j does when interrupted
          Thread.currentThread().interrupt();
          throw ExceptionMapper.DEFAULT.mapException(new RuntimeException(e));
        }
      }
      if (failure != null) {
        switch (failure) {
          case "timeout" ->
              throw ExceptionMapper.DEFAULT.mapException(
                  new TimeoutException(new HttpTimeoutException("request timed out")));
          case "http" ->
              throw ExceptionMapper.DEFAULT.mapException(new HttpException(status, body));
          case "connection" ->
              throw ExceptionMapper.DEFAULT.mapException(
                  new RuntimeException(new ConnectException("Connection refused")));
          case "refusal" ->
              throw new ContentFilteredException(text == null ? "I can't help with that." : text);
          case "empty" -> {
            return response(model, null, List.of(), FinishReason.STOP);
          }
          default -> throw new IllegalArgumentException("unknown failure mode " + failure);
        }
      }
      FinishReason finish =
          finishReason != null
              ? finishReason(finishReason)
              : toolCalls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_EXECUTION;
      return response(model, text == null ? null : citeSources(text, prompt), toolCalls, finish);
    }

    private ChatResponse response(
        ReplayingChatModel model,
        String content,
        List<ToolExecutionRequest> calls,
        FinishReason finish) {
      AiMessage message =
          AiMessage.builder()
              // the OpenAI client turns an empty content into a null text
              .text(content == null || content.isEmpty() ? null : content)
              .toolExecutionRequests(calls)
              .build();
      return ChatResponse.builder()
          .aiMessage(message)
          .id("chatcmpl-replay-" + model.ids.incrementAndGet())
          .modelName(model.modelName)
          .tokenUsage(
              inputTokens == null && outputTokens == null
                  ? null
                  : new TokenUsage(inputTokens, outputTokens))
          .finishReason(finish)
          .build();
    }

    /** As the OpenAI client reads the wire value. */
    private static FinishReason finishReason(String value) {
      return switch (value) {
        case "stop" -> FinishReason.STOP;
        case "length" -> FinishReason.LENGTH;
        case "tool_calls", "function_call" -> FinishReason.TOOL_EXECUTION;
        case "content_filter" -> FinishReason.CONTENT_FILTER;
        default -> FinishReason.OTHER;
      };
    }
  }
}
