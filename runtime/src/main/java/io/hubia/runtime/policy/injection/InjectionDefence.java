package io.hubia.runtime.policy.injection;

import io.hubia.api.v1alpha1.spec.FlaggedDocumentAction;
import io.hubia.api.v1alpha1.spec.InjectionAction;
import io.hubia.api.v1alpha1.spec.InjectionDefenceSpec;
import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.runtime.answer.Evidence;
import io.hubia.runtime.api.ProblemException;
import io.hubia.runtime.api.ProblemTypes;
import io.hubia.runtime.ingest.screen.InjectionScreener;
import io.hubia.runtime.ingest.screen.ScreeningResult;
import io.hubia.search.ChunkFields;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A PolicySet's {@code spec.injection}, compiled once per loaded snapshot: the layers of the
 * prompt-injection defence around one question (docs/policy.md, "Injection defence").
 *
 * <ol>
 *   <li>the question is screened by the ingestion {@link InjectionScreener}, refused (400 {@code
 *       injection-suspected}) or answered with the fallback ({@value #QUESTION_REASON});
 *   <li>chunks flagged at ingestion are excluded from retrieval, or given to the answerer marked as
 *       such ({@code IncludeWithWarning});
 *   <li>every answer loses the sentences that copy the system prompt and the links and images to
 *       hosts outside {@code allowedLinkHosts} and the cited documents' own hosts (so do the
 *       snippets of its citations); an answer left with nothing cited falls back ({@value
 *       #OUTPUT_REASON}).
 * </ol>
 *
 * Immutable and thread-safe.
 */
public final class InjectionDefence {
  /** Fallback reason when the question is screened as an attack ({@code onDetection: Fallback}). */
  public static final String QUESTION_REASON = "injection_suspected";

  /** Fallback reason when the output checks leave nothing of the answer. */
  public static final String OUTPUT_REASON = "output_blocked";

  private static final Pattern CITED = Pattern.compile("\\[\\d+");

  private static final double MIN_THRESHOLD = 0.001;

  private final boolean screenQuestions;
  private final InjectionScreener screener;
  private final boolean refuse;
  private final boolean includeFlagged;
  private final Set<String> allowedLinkHosts;

  private InjectionDefence(InjectionDefenceSpec spec) {
    InjectionDefenceSpec s = spec == null ? new InjectionDefenceSpec() : spec;
    this.screenQuestions = !Boolean.FALSE.equals(s.getScreenQuestions());
    // 0 is valid in the CRD ("any signal"); the screener wants a positive threshold
    this.screener =
        new InjectionScreener(
            s.getThreshold() == null
                ? InjectionScreener.DEFAULT_THRESHOLD
                : Math.min(1, Math.max(MIN_THRESHOLD, s.getThreshold())));
    this.refuse = s.getOnDetection() != InjectionAction.Fallback;
    this.includeFlagged = s.getFlaggedDocuments() == FlaggedDocumentAction.IncludeWithWarning;
    Set<String> hosts = new LinkedHashSet<>();
    if (s.getAllowedLinkHosts() != null) {
      s.getAllowedLinkHosts().stream()
          .filter(h -> h != null && !h.isBlank())
          .map(h -> h.strip().toLowerCase(Locale.ROOT))
          .forEach(hosts::add);
    }
    this.allowedLinkHosts = Set.copyOf(hosts);
  }

  /** The defence of a PolicySet's {@code spec.injection} ({@code null}: the defaults). */
  public static InjectionDefence compile(InjectionDefenceSpec spec) {
    return new InjectionDefence(spec);
  }

  /** The retrieval flags whose chunks are never fetched. */
  public Set<String> excludedFlags() {
    return includeFlagged ? Set.of() : Set.of(ChunkFields.FLAG_INJECTION_SUSPECTED);
  }

  /** The question screened as an attack, if it is and the policy screens questions. */
  public Optional<Detection> screenQuestion(String question) {
    if (!screenQuestions) {
      return Optional.empty();
    }
    ScreeningResult result = screener.screen(question);
    if (!result.suspected()) {
      return Optional.empty();
    }
    String detail =
        String.format(
            Locale.ROOT, "score %.3f; %s", result.score(), String.join(", ", result.reasons()));
    return Optional.of(
        new Detection(InjectionLayer.QUESTION, refuse ? "refused" : "fallback", detail));
  }

  /** Whether an attacking question is refused (else answered with the fallback). */
  public boolean refuses() {
    return refuse;
  }

  /**
   * The 400 of a refused question; its detail does not repeat the question, which may be written to
   * logs and shown by clients.
   */
  public static ProblemException refusal() {
    return new ProblemException(
        ProblemTypes.INJECTION_SUSPECTED,
        "Question refused",
        400,
        "The question reads as an attempt to change the assistant's instructions or to obtain"
            + " them, so it is not answered. Rephrase it as a question about the documents.");
  }

  /** The flagged chunks given to the answerer ({@code IncludeWithWarning}), if any. */
  public Optional<Detection> flaggedEvidence(List<Evidence> evidence) {
    List<String> ids =
        evidence.stream()
            .filter(Evidence::flaggedAsInjection)
            .map(e -> e.chunk().chunkId())
            .distinct()
            .toList();
    return ids.isEmpty()
        ? Optional.empty()
        : Optional.of(
            new Detection(InjectionLayer.FLAGGED_DOCUMENT, "included", String.join(", ", ids)));
  }

  /**
   * Output check (a), on every draft, model-written or extractive, before its citations are
   * verified: the sentences that copy {@code systemPrompt} are cut; a draft left without any
   * citation marker is blocked ({@value #OUTPUT_REASON}).
   *
   * @param draft the answerer's text
   * @param systemPrompt the system prompt the model was (or would have been) given
   */
  public OutputCheck checkDisclosure(String draft, String systemPrompt) {
    PromptDisclosureCheck.Cut cut = PromptDisclosureCheck.cut(draft, systemPrompt);
    if (cut.sentences() == 0) {
      return new OutputCheck(draft, List.of());
    }
    String text = cut.text();
    boolean blocked = text == null || !CITED.matcher(text).find();
    Detection detection =
        new Detection(
            InjectionLayer.OUTPUT_PROMPT_DISCLOSURE,
            blocked ? "blocked" : "cut",
            cut.sentences() + " sentences copying the system prompt");
    return new OutputCheck(blocked ? null : text, List.of(detection));
  }

  /**
   * Output check (b), on the verified answer before it is sent: links and images to hosts other
   * than {@code allowedLinkHosts} and the cited documents' own hosts are neutralised. Never blocks.
   *
   * @param cited the evidence the answer cites
   */
  public OutputCheck checkLinks(String answer, List<Evidence> cited, Language language) {
    Set<String> hosts = new LinkedHashSet<>(allowedLinkHosts);
    for (Evidence e : cited) {
      String host = LinkCheck.host(e.chunk().uri());
      if (host != null) {
        hosts.add(host);
      }
    }
    LinkCheck.Result links =
        LinkCheck.check(
            answer, hosts, language == Language.EN ? "[link removed]" : "[lien retiré]");
    if (links.total() == 0) {
      return new OutputCheck(answer, List.of());
    }
    return new OutputCheck(
        links.text(),
        List.of(
            new Detection(
                InjectionLayer.OUTPUT_LINK,
                "removed",
                links.links() + " links, " + links.images() + " images")));
  }

  /**
   * Output check (b) on a citation's snippet: a snippet quotes its document as written, so a link
   * or an image planted there (a {@code javascript:} or {@code data:} URL, a tracking pixel) would
   * reach the client with the reply. The same hosts as in the answer are allowed; the detection
   * names the citation.
   *
   * @param citation the citation's number in the reply
   */
  public OutputCheck checkSnippetLinks(
      int citation, String snippet, List<Evidence> cited, Language language) {
    OutputCheck check = checkLinks(snippet, cited, language);
    return new OutputCheck(
        check.text(),
        check.detections().stream()
            .map(
                d ->
                    new Detection(
                        d.layer(), d.outcome(), "citation " + citation + ": " + d.detail()))
            .toList());
  }

  /**
   * What the output checks left of an answer.
   *
   * @param text the answer to send, {@code null} when it must fall back ({@value #OUTPUT_REASON})
   * @param detections the layers that acted
   */
  public record OutputCheck(String text, List<Detection> detections) {
    public OutputCheck {
      detections = List.copyOf(detections);
    }

    public boolean blocked() {
      return text == null;
    }
  }
}
