package io.hubia.runtime.answer.model;

import io.hubia.api.v1alpha1.spec.ModelSpec;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import io.hubia.runtime.answer.AnswerRequest;
import io.hubia.runtime.answer.Answerer;
import io.hubia.runtime.answer.AnswererException;
import io.hubia.runtime.answer.DraftAnswer;
import io.hubia.runtime.answer.Evidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The primary model, then each fallback model in order, each tried once plus its {@code maxRetries}
 * retries, then the final answerer (the extractive one). A retry is made only when it may help
 * ({@link ModelException#retriable()}): a refusal, a rejected API key, an unknown model or an
 * invalid request go straight to the next model.
 *
 * <p>Which answerer wrote the draft and every failure on the way (model, attempt, reason) are
 * returned in a {@link Result} by {@link #run}, and reported to the {@link Listener}, for metrics
 * and audit. Failures are logged with the model's name and reason, never a secret.
 */
public final class AnswererChain implements Answerer {

  private static final Logger LOG = Logger.getLogger(AnswererChain.class);

  private final List<Member> models;
  private final Answerer last;
  private final String lastName;
  private final Listener listener;

  /**
   * @param models the models, primary first
   * @param last the answerer used when every model failed (the extractive one)
   * @param lastName the name {@code last} is recorded under, e.g. {@code extractive}
   * @param listener told of every failure and of the answerer that wrote the draft
   */
  public AnswererChain(List<Member> models, Answerer last, String lastName, Listener listener) {
    this.models = List.copyOf(models);
    this.last = Objects.requireNonNull(last, "last");
    this.lastName = Objects.requireNonNull(lastName, "lastName");
    this.listener = listener == null ? Listener.NONE : listener;
  }

  /** A chain whose final answerer is recorded as {@code extractive}, without listener. */
  public AnswererChain(List<Member> models, Answerer last) {
    this(models, last, "extractive", Listener.NONE);
  }

  /**
   * The chain of a workflow: {@code primary} (may be {@code null}: only {@code last} then), then
   * {@code fallbacks}, each with its spec's {@code maxRetries}, then {@code last}.
   */
  public static AnswererChain of(
      ModelSpec primary,
      List<ModelSpec> fallbacks,
      Function<SecretKeyRef, String> secrets,
      Answerer last,
      Listener listener) {
    List<Member> members = new ArrayList<>();
    if (primary != null) {
      members.add(new Member(ModelAnswerer.of(primary, secrets), ChatModels.maxRetries(primary)));
      for (ModelSpec fallback : fallbacks == null ? List.<ModelSpec>of() : fallbacks) {
        members.add(
            new Member(ModelAnswerer.of(fallback, secrets), ChatModels.maxRetries(fallback)));
      }
    }
    return new AnswererChain(members, last, "extractive", listener);
  }

  /** The models of the chain, primary first; the final answerer is not one of them. */
  public List<Member> members() {
    return models;
  }

  /**
   * This chain with only the models {@code allowed} keeps, in the same order, the same final
   * answerer and listener (policy model rules: the final answerer runs in-process, so it always
   * stays). Built per request; the models themselves are shared.
   */
  public AnswererChain restrictedTo(Predicate<Member> allowed) {
    List<Member> kept = models.stream().filter(allowed).toList();
    return kept.size() == models.size() ? this : new AnswererChain(kept, last, lastName, listener);
  }

  /** Answers without tools; see {@link #run}. */
  @Override
  public DraftAnswer answer(AnswerRequest request) throws AnswererException {
    return run(request, AgentTools.none()).draft();
  }

  /**
   * Tries the models in order, then the final answerer.
   *
   * @param tools the tools the models may call for this request ({@link AgentTools#none()} for
   *     none); the final answerer does not use them
   * @throws ChainFailedException when the final answerer failed too
   */
  public Result run(AnswerRequest request, AgentTools tools) throws ChainFailedException {
    return run(request, tools, new ModelUsage());
  }

  /**
   * Tries the models in order, then the final answerer, recording every model call (failed attempts
   * and retries included) and its tokens in {@code usage}; the final answerer calls none.
   */
  public Result run(AnswerRequest request, AgentTools tools, ModelUsage usage)
      throws ChainFailedException {
    List<Failure> failures = new ArrayList<>();
    for (Member member : models) {
      ModelAnswerer model = member.answerer();
      for (int attempt = 1; attempt <= 1 + member.maxRetries(); attempt++) {
        try {
          ModelAnswerer.ModelAnswer answer = model.answer(request, tools, usage);
          Result result =
              new Result(
                  answer.draft(), model.name(), answer.evidence(), failures, tools.calls(), false);
          listener.answered(result);
          return result;
        } catch (ModelException e) {
          Failure failure = new Failure(model.name(), attempt, e.reason(), e.getMessage());
          failures.add(failure);
          LOG.warnf(
              "model %s failed (attempt %d, %s): %s",
              model.name(), attempt, e.reason(), e.getMessage());
          listener.failed(failure);
          if (!e.retriable()) {
            break;
          }
        }
      }
    }
    try {
      DraftAnswer draft = last.answer(request);
      Result result =
          new Result(draft, lastName, request.evidence(), failures, tools.calls(), true);
      listener.answered(result);
      return result;
    } catch (AnswererException e) {
      Failure failure = new Failure(lastName, 1, e.reason(), e.getMessage());
      failures.add(failure);
      LOG.warnf("answerer %s failed (%s): %s", lastName, e.reason(), e.getMessage());
      listener.failed(failure);
      throw new ChainFailedException(e, failures);
    }
  }

  /**
   * A model of the chain.
   *
   * @param answerer the model's answerer
   * @param maxRetries retries after a first failed call, 0 to 5
   */
  public record Member(ModelAnswerer answerer, int maxRetries) {
    public Member {
      Objects.requireNonNull(answerer, "answerer");
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must be 0 or more");
      }
    }
  }

  /**
   * One failed attempt.
   *
   * @param answerer the model's name, or the final answerer's
   * @param attempt 1 for the first call of this answerer, 2 for its first retry...
   * @param reason stable reason, e.g. {@code model_timeout}
   * @param message what happened, never a secret
   */
  public record Failure(String answerer, int attempt, String reason, String message) {}

  /**
   * How a request was answered.
   *
   * @param draft the draft, before citation verification
   * @param answeredBy the model's name, or the final answerer's (e.g. {@code extractive})
   * @param evidence the evidence the draft may cite: the request's plus what the tools returned to
   *     the model that answered
   * @param failures every failed attempt before the draft, in order
   * @param toolCalls every tool call of the request, over all attempts (failed ones included)
   * @param fellBack whether the final answerer wrote the draft
   */
  public record Result(
      DraftAnswer draft,
      String answeredBy,
      List<Evidence> evidence,
      List<Failure> failures,
      List<ToolCall> toolCalls,
      boolean fellBack) {
    public Result {
      evidence = List.copyOf(evidence);
      failures = List.copyOf(failures);
      toolCalls = List.copyOf(toolCalls);
    }
  }

  /** Told of each failure and of the answer; for metrics. Called on the answering thread. */
  public interface Listener {
    Listener NONE = new Listener() {};

    default void failed(Failure failure) {}

    default void answered(Result result) {}
  }

  /** Every answerer of the chain failed; the reason is the final answerer's. */
  public static final class ChainFailedException extends AnswererException {
    private final List<Failure> failures;

    ChainFailedException(AnswererException last, List<Failure> failures) {
      super(last.reason(), "every answerer failed; last: " + last.getMessage(), last);
      this.failures = List.copyOf(failures);
    }

    /** Every failed attempt, the final answerer's last. */
    public List<Failure> failures() {
      return failures;
    }
  }
}
