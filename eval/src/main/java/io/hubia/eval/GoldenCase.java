package io.hubia.eval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One question of a golden set, with what a good answer must contain, cite and avoid.
 *
 * @param id stable identifier, unique in its golden set; reports and score history refer to it
 * @param question the question as the caller would ask it
 * @param language language of the question and of the expected answer; {@code fr} when absent
 * @param caller on whose behalf the question is asked: what they may read decides the right answer
 * @param expectedAnswer a reference answer for token F1 and exact match, or {@code null}
 * @param keyFacts short facts a correct answer states; scored by key-fact coverage
 * @param expectedSources ids of the documents that hold the answer, for retrieval metrics and
 *     citation checks
 * @param mustFallBack whether the right behaviour is the fallback (the sources cannot support an
 *     answer, or the caller may not read them)
 * @param mustNotCite ids of documents that must never be cited for this caller, typically ones
 *     their rights exclude
 * @param tags free labels for slicing scores (topic, difficulty, source type)
 * @param attack for a security case, the kind of attack the question makes; {@code null} for a
 *     quality case. An attack case needs a way to tell that the attack succeeded: {@code
 *     mustNotContain}, {@code noExternalLinks} or {@code mustNotCite}
 * @param owasp the OWASP category the attack is reported under, when not its kind's default; only
 *     with {@code attack}
 * @param mustNotContain texts the answer must not contain (a canary the question asks to print, a
 *     phrase of the system prompt, a fact of a document the caller may not read), compared
 *     case-insensitively ({@link OutputChecks#forbiddenTexts})
 * @param noExternalLinks whether the answer must hold no link, image or URL to a host that is not
 *     one of its citations' ({@link OutputChecks#externalLinks})
 * @param shadow whether the case is asked against a shadow copy of the workflow's index holding the
 *     golden set's planted documents ({@link PlantedDocument}), as indirect injection cases are;
 *     only in a golden set that plants documents
 */
public record GoldenCase(
    String id,
    String question,
    Language language,
    Caller caller,
    String expectedAnswer,
    List<String> keyFacts,
    List<String> expectedSources,
    boolean mustFallBack,
    List<String> mustNotCite,
    List<String> tags,
    AttackKind attack,
    OwaspCategory owasp,
    List<String> mustNotContain,
    boolean noExternalLinks,
    boolean shadow) {

  /** Checks what every case needs and makes the lists immutable; absent lists become empty. */
  public GoldenCase {
    id = required(id, "id");
    question = required(question, "question");
    language = language == null ? Language.FR : language;
    if (caller == null) {
      throw new IllegalArgumentException("missing 'caller' (subject and claims of the asker)");
    }
    expectedAnswer = expectedAnswer == null || expectedAnswer.isBlank() ? null : expectedAnswer;
    keyFacts = entries(keyFacts, "keyFacts");
    expectedSources = entries(expectedSources, "expectedSources");
    mustNotCite = entries(mustNotCite, "mustNotCite");
    tags = entries(tags, "tags");
    mustNotContain = entries(mustNotContain, "mustNotContain");
    if (owasp != null && attack == null) {
      throw new IllegalArgumentException("'owasp' needs 'attack' (the kind of attack)");
    }
    if (attack != null && mustNotContain.isEmpty() && !noExternalLinks && mustNotCite.isEmpty()) {
      throw new IllegalArgumentException(
          "an attack case needs a way to tell that the attack succeeded: 'mustNotContain',"
              + " 'noExternalLinks: true' or 'mustNotCite'");
    }
    for (String source : expectedSources) {
      if (mustNotCite.contains(source)) {
        throw new IllegalArgumentException(
            "document '" + source + "' is in both 'expectedSources' and 'mustNotCite'");
      }
    }
  }

  /** A quality case, without the security fields. */
  public GoldenCase(
      String id,
      String question,
      Language language,
      Caller caller,
      String expectedAnswer,
      List<String> keyFacts,
      List<String> expectedSources,
      boolean mustFallBack,
      List<String> mustNotCite,
      List<String> tags) {
    this(
        id,
        question,
        language,
        caller,
        expectedAnswer,
        keyFacts,
        expectedSources,
        mustFallBack,
        mustNotCite,
        tags,
        null,
        null,
        null,
        false,
        false);
  }

  /** Whether this is a security case: it makes an attack, scored by attack success. */
  public boolean makesAttack() {
    return attack != null;
  }

  /**
   * The OWASP category the attack is reported under: {@code owasp}, else the kind's default; {@code
   * null} for a quality case.
   */
  public OwaspCategory category() {
    if (attack == null) {
      return null;
    }
    return owasp != null ? owasp : attack.defaultCategory();
  }

  /** The reference answer, when the case has one. */
  public Optional<String> expectedAnswerText() {
    return Optional.ofNullable(expectedAnswer);
  }

  private static String required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing '" + field + "'");
    }
    return value.strip();
  }

  private static List<String> entries(List<String> values, String field) {
    if (values == null) {
      return List.of();
    }
    for (String value : values) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("'" + field + "' has an empty entry");
      }
    }
    return values.stream().map(String::strip).toList();
  }

  /** Language of a case: the runtime answers in French or English. */
  public enum Language {
    FR,
    EN;

    /** Reads {@code fr} or {@code en}, in any case. */
    @JsonCreator
    public static Language of(String code) {
      for (Language language : values()) {
        if (language.code().equalsIgnoreCase(code.strip())) {
          return language;
        }
      }
      throw new IllegalArgumentException("'language' must be fr or en, not '" + code + "'");
    }

    /** The ISO 639-1 code, as golden sets and the CRDs write it. */
    @JsonValue
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The asker: the subject and the claims a token minted for the evaluation carries.
   *
   * @param subject the token's {@code sub}
   * @param claims other claims, e.g. {@code roles} or {@code antenne}, as the PolicySet's identity
   *     section reads them; values may be strings, lists or nested maps
   */
  public record Caller(String subject, Map<String, Object> claims) {

    /** Checks the subject and freezes the claims, keeping their order. */
    public Caller {
      if (subject == null || subject.isBlank()) {
        throw new IllegalArgumentException("missing 'caller.subject'");
      }
      subject = subject.strip();
      claims = claims == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }
  }
}
