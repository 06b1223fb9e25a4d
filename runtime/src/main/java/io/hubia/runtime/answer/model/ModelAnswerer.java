package io.hubia.runtime.answer.model;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.hubia.api.v1alpha1.spec.ModelHosting;
import io.hubia.api.v1alpha1.spec.ModelSpec;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import io.hubia.runtime.answer.AnswerRequest;
import io.hubia.runtime.answer.Answerer;
import io.hubia.runtime.answer.DraftAnswer;
import io.hubia.runtime.answer.Evidence;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Answers with one chat model: the {@link PromptBuilder}'s messages, then, when tools are given, up
 * to {@link #MAX_TOOL_ROUNDS} rounds of function calling (the last request forbids tool calls),
 * then the completion checked and cleaned.
 *
 * <p>Failures become a {@link ModelException} with a stable reason: {@link #TIMEOUT} (no complete
 * answer in time), {@link #ERROR} (HTTP error, unreachable server, invalid response), {@link
 * #GARBAGE} (no text, only markup or special tokens, a degenerate repetition, tool calls where none
 * may be made) and {@link #REFUSED} (content filter, or a bare refusal that says nothing of the
 * sources). An honest "the sources do not say" is an answer, not a refusal: the citation verifier
 * decides what becomes of it. The completion is returned without reasoning blocks ({@code <think>})
 * nor echoed {@code <source>} blocks; its citations are left as they are, for the verifier to
 * check.
 */
public final class ModelAnswerer implements Answerer {

  /** No complete answer within the timeout. */
  public static final String TIMEOUT = "model_timeout";

  /** HTTP error, unreachable server or invalid response. */
  public static final String ERROR = "model_error";

  /** A completion that is not an answer. */
  public static final String GARBAGE = "model_garbage";

  /** The model refused to answer. */
  public static final String REFUSED = "model_refused";

  /** Rounds of tool calls at most before the model must answer. */
  public static final int MAX_TOOL_ROUNDS = 5;

  private static final Pattern THINK =
      Pattern.compile("(?is)<think(?:ing)?>.*?</think(?:ing)?>|^\\s*<think(?:ing)?>.*\\z");
  private static final Pattern SOURCE_BLOCK =
      Pattern.compile("(?is)<source\\b[^>]*>.*?</source\\s*>|&lt;source\\b.*?&lt;/source\\s*&gt;");
  private static final Pattern SOURCE_TAG =
      Pattern.compile("(?i)</?sources?\\b[^>]*>|&lt;/?sources?\\b.*?&gt;");
  private static final Pattern SPECIAL_TOKEN =
      Pattern.compile(
          "<\\|(?:im_start|start_header_id)\\|>\\s*(?:system|user|assistant|tool)?"
              + "(?:\\s*<\\|end_header_id\\|>)?|<\\|[^|>]{0,40}\\|>|</?s>|\\[/?INST]|<<SYS>>|<</SYS>>");
  private static final Pattern MARKUP =
      Pattern.compile("</?[a-zA-Z][^>]{0,200}>|```[a-zA-Z]*|\\[\\d+(?:\\s*,\\s*\\d+)*]");
  private static final Pattern WORD = Pattern.compile("\\p{L}{2,}");
  private static final Pattern REFUSAL =
      Pattern.compile(
          "(?i)i'?m sorry,? (?:but )?i (?:can'?t|cannot)|i am sorry,? (?:but )?i (?:can'?t|cannot)"
              + "|i (?:can'?t|cannot|won'?t) (?:help|assist|comply)|i'?m (?:not able|unable) to"
              + " (?:help|assist|comply)|as an ai\\b"
              + "|je ne (?:peux|suis) pas (?:en mesure de )?(?:vous )?(?:aider|répondre à cette"
              + " demande|accéder à cette demande|donner suite)|désolée?,? (?:mais )?je ne peux"
              + " pas|je suis désolée?,? (?:mais )?je ne peux pas|en tant qu'(?:ia|intelligence"
              + " artificielle|assistant)");
  private static final Pattern MENTIONS_SOURCES =
      Pattern.compile("(?i)\\bsources?\\b|\\bdocuments?\\b|\\binformations?\\b");

  private final String name;
  private final ChatModel model;
  private final PromptBuilder prompts;
  private final int maxToolRounds;
  private final ModelHosting hosting;

  /**
   * @param name the model's name, as {@link DraftAnswer#answeredBy()} and in failures
   * @param model the chat model, its calls already bounded in time (see {@link ChatModels})
   */
  public ModelAnswerer(String name, ChatModel model) {
    this(name, model, new PromptBuilder(), MAX_TOOL_ROUNDS);
  }

  public ModelAnswerer(String name, ChatModel model, PromptBuilder prompts, int maxToolRounds) {
    this(name, model, prompts, maxToolRounds, ModelHosting.External);
  }

  /**
   * @param hosting where the model runs ({@code null}: {@code External}), for policy model rules
   */
  public ModelAnswerer(String name, ChatModel model, ModelHosting hosting) {
    this(name, model, new PromptBuilder(), MAX_TOOL_ROUNDS, hosting);
  }

  public ModelAnswerer(
      String name,
      ChatModel model,
      PromptBuilder prompts,
      int maxToolRounds,
      ModelHosting hosting) {
    this.hosting = hosting == null ? ModelHosting.External : hosting;
    this.name = Objects.requireNonNull(name, "name");
    this.model = Objects.requireNonNull(model, "model");
    this.prompts = Objects.requireNonNull(prompts, "prompts");
    if (maxToolRounds < 0) {
      throw new IllegalArgumentException("maxToolRounds must be 0 or more");
    }
    this.maxToolRounds = maxToolRounds;
  }

  /** The answerer of {@code spec}, its model built by {@link ChatModels#build}. */
  public static ModelAnswerer of(ModelSpec spec, Function<SecretKeyRef, String> secrets) {
    return new ModelAnswerer(spec.getName(), ChatModels.build(spec, secrets), spec.getHosting());
  }

  /** The model's name. */
  public String name() {
    return name;
  }

  /** Where the model runs: {@code External} unless its spec says otherwise. */
  public ModelHosting hosting() {
    return hosting;
  }

  /** Answers without tools. */
  @Override
  public DraftAnswer answer(AnswerRequest request) throws ModelException {
    return answer(request, AgentTools.none()).draft();
  }

  /**
   * Answers, with function calling when {@code tools} is not empty.
   *
   * @return the draft and the evidence it may cite: the request's plus what the tools returned
   * @throws ModelException when the model fails, times out or answers no usable text
   */
  public ModelAnswer answer(AnswerRequest request, AgentTools tools) throws ModelException {
    return answer(request, tools, new ModelUsage());
  }

  /**
   * Answers as {@link #answer(AnswerRequest, AgentTools)}, recording each call and its tokens in
   * {@code usage}, those of a call whose completion is then rejected included.
   */
  public ModelAnswer answer(AnswerRequest request, AgentTools tools, ModelUsage usage)
      throws ModelException {
    boolean withTools = !tools.isEmpty();
    List<ChatMessage> messages = new ArrayList<>(prompts.messages(request, withTools));
    AgentTools.Run run = tools.start(request.evidence(), hosting);
    long inputTokens = 0;
    long outputTokens = 0;
    for (int round = 0; ; round++) {
      ChatRequest.Builder chat = ChatRequest.builder().messages(List.copyOf(messages));
      if (withTools) {
        chat.toolSpecifications(tools.specifications());
        if (round >= maxToolRounds) {
          chat.toolChoice(ToolChoice.NONE);
        }
      }
      ChatResponse response = call(chat.build(), usage);
      TokenUsage tokens = response.tokenUsage();
      if (tokens != null) {
        inputTokens += tokens.inputTokenCount() == null ? 0 : tokens.inputTokenCount();
        outputTokens += tokens.outputTokenCount() == null ? 0 : tokens.outputTokenCount();
      }
      AiMessage ai = response.aiMessage();
      if (ai != null && ai.hasToolExecutionRequests()) {
        if (!withTools || round >= maxToolRounds) {
          throw new ModelException(
              name,
              GARBAGE,
              true,
              withTools
                  ? "model " + name + " still calls tools after " + maxToolRounds + " rounds"
                  : "model " + name + " calls tools though none was offered",
              null);
        }
        messages.add(ai);
        for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
          messages.add(ToolExecutionResultMessage.from(call, run.execute(call)));
        }
        continue;
      }
      String text = checked(ai == null ? null : ai.text(), response.finishReason());
      return new ModelAnswer(
          new DraftAnswer(text, name, inputTokens, outputTokens), run.evidence());
    }
  }

  /**
   * A draft and the evidence it may cite.
   *
   * @param draft the answer, before citation verification
   * @param evidence the request's evidence followed by what the tools returned, numbered in order
   */
  public record ModelAnswer(DraftAnswer draft, List<Evidence> evidence) {
    public ModelAnswer {
      Objects.requireNonNull(draft, "draft");
      evidence = List.copyOf(evidence);
    }
  }

  private ChatResponse call(ChatRequest request, ModelUsage usage) throws ModelException {
    try {
      ChatResponse response;
      try {
        response = model.chat(request);
      } catch (RuntimeException e) {
        usage.record(null);
        throw e;
      }
      usage.record(response == null ? null : response.tokenUsage());
      if (response == null) {
        throw new ModelException(name, ERROR, true, "model " + name + " gave no response", null);
      }
      return response;
    } catch (RuntimeException e) {
      throw failure(name, e);
    }
  }

  /** The exception of a failed call: reason, whether retrying may help, a message without body. */
  static ModelException failure(String name, RuntimeException e) {
    if (find(e, ContentFilteredException.class) != null) {
      return new ModelException(
          name, REFUSED, false, "model " + name + " refused to answer (content filter)", e);
    }
    if (find(e, TimeoutException.class) != null
        || find(e, HttpTimeoutException.class) != null
        || find(e, SocketTimeoutException.class) != null
        || find(e, java.util.concurrent.TimeoutException.class) != null) {
      return new ModelException(name, TIMEOUT, true, "model " + name + " timed out", e);
    }
    HttpException http = find(e, HttpException.class);
    if (http != null) {
      int status = http.statusCode();
      boolean retriable = status >= 500 || status == 429 || status == 408;
      return new ModelException(
          name, ERROR, retriable, "model " + name + " answered HTTP " + status, e);
    }
    boolean rejected =
        find(e, AuthenticationException.class) != null
            || find(e, ModelNotFoundException.class) != null
            || find(e, InvalidRequestException.class) != null;
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String detail = root.getClass().getSimpleName();
    if (root instanceof IOException && root.getMessage() != null) {
      detail += ": " + truncate(root.getMessage(), 200);
    }
    return new ModelException(
        name, ERROR, !rejected, "model " + name + " failed (" + detail + ")", e);
  }

  private String checked(String completion, FinishReason finish) throws ModelException {
    if (finish == FinishReason.CONTENT_FILTER) {
      throw new ModelException(
          name, REFUSED, false, "model " + name + " refused to answer (content filter)", null);
    }
    if (completion == null || completion.isBlank()) {
      throw new ModelException(name, GARBAGE, true, "model " + name + " answered nothing", null);
    }
    String text = clean(completion);
    String content = MARKUP.matcher(SPECIAL_TOKEN.matcher(text).replaceAll(" ")).replaceAll(" ");
    if (!WORD.matcher(content).find()) {
      throw new ModelException(
          name, GARBAGE, true, "model " + name + " answered no text, only markup", null);
    }
    if (degenerate(content)) {
      throw new ModelException(
          name, GARBAGE, true, "model " + name + " answered a degenerate repetition", null);
    }
    if (SPECIAL_TOKEN.matcher(text).find()) {
      text = SPECIAL_TOKEN.matcher(text).replaceAll("").strip();
    }
    if (refusal(text)) {
      throw new ModelException(name, REFUSED, false, "model " + name + " refused to answer", null);
    }
    return text;
  }

  /** The completion without reasoning blocks nor echoed source blocks and tags. */
  static String clean(String completion) {
    String text = THINK.matcher(completion).replaceAll("");
    text = SOURCE_BLOCK.matcher(text).replaceAll("");
    text = SOURCE_TAG.matcher(text).replaceAll("");
    return text.replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
  }

  /** A short answer that only refuses, citing nothing and saying nothing of the sources. */
  static boolean refusal(String text) {
    String normalised = text.replace('’', '\'').toLowerCase(Locale.ROOT);
    return text.length() <= 300
        && !text.matches("(?s).*\\[\\d+.*")
        && REFUSAL.matcher(normalised).find()
        && !MENTIONS_SOURCES.matcher(normalised).find();
  }

  /** Thirty words or more of which fewer than one in ten is distinct: a generation loop. */
  private static boolean degenerate(String content) {
    List<String> words =
        WORD.matcher(content.toLowerCase(Locale.ROOT)).results().map(r -> r.group()).toList();
    return words.size() >= 30 && words.stream().distinct().count() * 10 < words.size();
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
