package io.hubia.runtime.ingest.screen;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flags text that addresses instructions to an AI model (prompt injection), in French and English:
 * orders to ignore previous instructions, role-play and jailbreak openers ("you are now DAN", "tu
 * es maintenant"), requests for the system prompt, chat-template tokens, markdown images that would
 * carry data out in their URL, instructions hidden in HTML comments.
 *
 * <p>Each rule has a weight; the score is {@code 1 - Π(1 - weight)} over the distinct rules that
 * match, so one strong signal or several weaker ones reach the threshold, and a weak word alone
 * ("prompt système" in a policy about AI) does not. Matching ignores case, accents, typographic
 * quotes, zero-width characters and compatibility forms (full-width letters).
 *
 * <p>This is a first, cheap line of defence at ingestion, not a guarantee: a paraphrase it does not
 * know passes. Whatever it lets through is still treated as data by the runtime, never as
 * instructions. Thread-safe.
 */
public final class InjectionScreener {
  /** Same default as {@code PolicySet.spec.injection.threshold}. */
  public static final double DEFAULT_THRESHOLD = 0.7;

  private static final double STRONG = 0.8;
  private static final double HIGH = 0.7;
  private static final double MEDIUM = 0.5;
  private static final double WEAK = 0.3;

  private static final Pattern INVISIBLE =
      Pattern.compile("[\\u00AD\\u200B-\\u200F\\u2060\\uFEFF]");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern HTML_COMMENT = Pattern.compile("<!--([\\s\\S]*?)(?:-->|$)");
  private static final Pattern HTML_COMMENT_TAIL = Pattern.compile("^([\\s\\S]*?)-->");
  private static final Pattern COMMENT_ORDERS =
      Pattern.compile(
          "\\b(ai|ia|llm|gpt|chatgpt|chatbot|model|modele|assistant|prompt|instructions?|consignes?"
              + "|ignore[rz]?|you must|tu dois|vous devez|respond|reply|answer|reponds|reponse"
              + "|system|systeme)\\b");

  private static final List<Rule> RULES = rules();
  private static final Rule HIDDEN_IN_COMMENT =
      new Rule(HIGH, "instructions hidden in an HTML comment", null, true);

  /**
   * Signals count together only within this many characters (about a paragraph), so that weak words
   * scattered over a long document do not add up to an attack.
   */
  private static final int WINDOW = 500;

  private static final int MAX_HITS_PER_RULE = 50;

  private final double threshold;

  public InjectionScreener() {
    this(DEFAULT_THRESHOLD);
  }

  /**
   * @param threshold score from which a text is suspected, 0 to 1
   */
  public InjectionScreener(double threshold) {
    if (threshold <= 0 || threshold > 1) {
      throw new IllegalArgumentException("threshold must be within (0, 1]");
    }
    this.threshold = threshold;
  }

  public double threshold() {
    return threshold;
  }

  /** Screens one text. */
  public ScreeningResult screen(String text) {
    if (text == null || text.isBlank()) {
      return ScreeningResult.CLEAN;
    }
    String folded = fold(text);
    List<Hit> hits = new ArrayList<>();
    for (Rule rule : RULES) {
      Matcher m = rule.pattern().matcher(rule.raw() ? text : folded);
      for (int found = 0; found < MAX_HITS_PER_RULE && m.find(); found++) {
        hits.add(new Hit(rule, m.start()));
      }
    }
    hiddenOrdersInComments(text, hits);
    if (hits.isEmpty()) {
      return ScreeningResult.CLEAN;
    }
    hits.sort(Comparator.comparingInt(Hit::position));
    double best = 0;
    List<String> bestReasons = List.of();
    for (int i = 0; i < hits.size(); i++) {
      List<Rule> window = new ArrayList<>();
      for (int j = i;
          j < hits.size() && hits.get(j).position() - hits.get(i).position() <= WINDOW;
          j++) {
        window.add(hits.get(j).rule());
      }
      window.sort(Comparator.comparingDouble(Rule::weight).reversed());
      double clean = 1;
      Set<String> reasons = new LinkedHashSet<>();
      for (Rule rule : window) {
        if (reasons.add(rule.reason())) {
          clean *= 1 - rule.weight();
        }
      }
      double score = Math.round((1 - clean) * 1000) / 1000.0;
      if (score > best) {
        best = score;
        bestReasons = List.copyOf(reasons);
      }
    }
    return new ScreeningResult(best, best >= threshold, bestReasons);
  }

  private static void hiddenOrdersInComments(String text, List<Hit> hits) {
    List<int[]> spans = new ArrayList<>();
    Matcher m = HTML_COMMENT.matcher(text);
    while (m.find()) {
      spans.add(new int[] {m.start(), m.start(1), m.end(1)});
    }
    Matcher tail = HTML_COMMENT_TAIL.matcher(text); // a comment cut by a chunk boundary
    if (tail.find() && !tail.group(1).contains("<!--")) {
      spans.add(new int[] {0, 0, tail.end(1)});
    }
    for (int[] span : spans) {
      String folded = fold(text.substring(span[1], span[2]));
      if (COMMENT_ORDERS.matcher(folded).find() && folded.split(" ").length >= 3) {
        hits.add(new Hit(HIDDEN_IN_COMMENT, span[0]));
      }
    }
  }

  /** Lowercase, no accents, no invisible characters, plain quotes, single spaces. */
  static String fold(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
    s = INVISIBLE.matcher(s).replaceAll("");
    s = Normalizer.normalize(s, Normalizer.Form.NFD);
    s = MARKS.matcher(s).replaceAll("");
    s = s.toLowerCase(Locale.ROOT);
    s = s.replace('’', '\'').replace('‘', '\'').replace('`', '\'').replace('´', '\'');
    s = s.replace('“', '"').replace('”', '"').replace('«', '"').replace('»', '"');
    return SPACES.matcher(s).replaceAll(" ").strip();
  }

  /**
   * A weighted pattern.
   *
   * @param raw whether it runs on the text as written rather than folded
   */
  private record Rule(double weight, String reason, Pattern pattern, boolean raw) {}

  /** Where a rule matched; positions in the folded and raw texts are close enough for windows. */
  private record Hit(Rule rule, int position) {}

  private static Rule folded(double weight, String reason, String regex) {
    return new Rule(weight, reason, Pattern.compile(regex), false);
  }

  private static Rule raw(double weight, String reason, String regex) {
    return new Rule(
        weight,
        reason,
        Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
        true);
  }

  // A sentence-bounded gap of up to n characters between two parts of a pattern.
  private static String gap(int n) {
    return "[^.!?]{0," + n + "}?";
  }

  private static List<Rule> rules() {
    String extractVerbsEn =
        "(?:show|reveal|print|display|output|repeat|dump|leak|tell|give|share|encode|translate"
            + "|spell out|write out|write down|list|see|read|disclose|expose|return|paste|copy)";
    String extractVerbsFr =
        "(?:revele|revelez|reveler|affiche|affichez|afficher|montre|montrez|montrer|repete|repetez"
            + "|repeter|ecris|ecrivez|recopie|recopiez|divulgue|divulguez|dis-moi|dites-moi|traduis"
            + "|traduisez|encode|encodez|donne-moi|donnez-moi|communique|communiquez|imprime)";
    // "previous" or "original instructions" alone are everyday English: only names that point at a
    // model's configuration count here
    String modelInstructionsEn =
        "(?:(?:system|hidden|secret|internal)[ _-]?(?:prompt|instructions?|configuration|message"
            + "|directives|guidelines|rules)|(?:initial|original|starting)[ _-]?prompt)";
    List<Rule> rules = new ArrayList<>();

    // orders to drop earlier instructions
    rules.add(
        folded(
            STRONG,
            "asks to ignore previous instructions (en)",
            "\\b(?:ignore|disregard|forget|skip|override|bypass|neglect|drop)\\b"
                + gap(40)
                + "\\b(?:previous|prior|above|earlier|preceding|former|initial|original|all|any"
                + "|your|every|system)\\b"
                + gap(30)
                + "\\b(?:instructions?|prompts?|rules|directions|directives|guidelines|context"
                + "|commands?|programming|training|restrictions)\\b"));
    rules.add(
        folded(
            STRONG,
            "asks to forget what the model was told (en)",
            "\\bforget (?:everything|all|what)\\b"
                + gap(30)
                + "\\b(?:learn(?:ed|t)|know|told|said|instructions|before)\\b"));
    rules.add(
        folded(
            STRONG,
            "asks to ignore previous instructions (fr)",
            "\\b(?:ignore[rsz]?|oublie[rsz]?|neglige[rsz]?|outrepasse[rsz]?|contourne[rsz]?"
                + "|ne tiens (?:pas|plus) compte|ne tenez (?:pas|plus) compte|fais abstraction"
                + "|faites abstraction)\\b"
                + gap(40)
                + "\\b(?:instructions?|consignes?|regles|directives|prompts?|ordres)\\b ?"
                + "(?:precedentes?|anterieures?|ci-dessus|d'avant|initiales?|d'origine|systeme"
                + "|que (?:tu as|vous avez) recu)"));
    rules.add(
        folded(
            STRONG,
            "asks to ignore the model's own instructions (fr)",
            "\\b(?:ignore[rsz]?|oublie[rsz]?|neglige[rsz]?|outrepasse[rsz]?|contourne[rsz]?"
                + "|ne tiens (?:pas|plus) compte)\\b"
                + gap(20)
                + "\\b(?:toutes tes|tes|ton)\\b ?(?:instructions?|consignes?|regles|directives"
                + "|prompt|programmation|restrictions)\\b"));
    rules.add(
        folded(
            MEDIUM,
            "announces new instructions",
            "\\b(?:new|updated|real|actual|true)"
                + " instructions?\\b|\\bnouvelles? (?:instructions|consignes)\\b"));

    // identity and role play
    rules.add(
        folded(
            STRONG,
            "tells the model it is now someone else (en)",
            "\\byou are now\\b"
                + gap(30)
                + "\\b(?:dan|jailbroken|free|unrestricted|unfiltered|uncensored|no longer|an? (?:ai"
                + "|assistant|model|chatbot|bot|llm)|in \\w+ mode|\\w+ mode|going to|able to)\\b"));
    rules.add(folded(MEDIUM, "says 'you are now' (en)", "\\byou are now\\b"));
    rules.add(
        folded(
            STRONG,
            "tells the model it is now someone else (fr)",
            "\\b(?:tu es|vous etes|tu deviens|vous devenez) (?:maintenant|desormais|a present)"
                + gap(20)
                + "\\b(?:dan|libre|libere|liberee|sans (?:restriction|filtre|limite|censure)s?"
                + "|en mode|une? (?:ia|intelligence artificielle|assistant|chatbot|modele|llm"
                + "|agent conversationnel))\\b"));
    rules.add(
        folded(
            MEDIUM,
            "says 'tu es maintenant' (fr)",
            "\\btu (?:es|deviens) (?:maintenant|desormais|a present)\\b"));
    rules.add(
        folded(
            STRONG,
            "jailbreak vocabulary (DAN, developer mode, stay in character)",
            "\\b(?:do anything now|dan mode|developer mode (?:enabled|active|on|output)|jailbreak"
                + "(?:s|ed|ing)?|jailbroken|stay in character|break(?:ing)? (?:of )?character"
                + "|anti-?dan|strive to avoid norms|mode developpeur (?:active|actif))\\b"));
    rules.add(
        new Rule(
            MEDIUM, "names DAN-style personas", Pattern.compile("\\b(?:DAN|DUDE|STAN)\\b"), true));
    rules.add(
        folded(
            HIGH,
            "role-play opener (en)",
            "\\b(?:pretend (?:to be|you are|that you|you're)|immerse yourself|(?:play|take on"
                + "|assume) the role of|role-?play as|you are going to (?:act|pretend|play|be)"
                + "|you (?:will|must|shall) (?:act|pretend|roleplay|role-play)|(?:will|shall) now act"
                + " as|act as (?:if|though"
                + "|an? (?:ai|assistant|model|chatbot|unfiltered|unrestricted)|my)|from now on,?"
                + " (?:you|act|answer|respond|reply|always))\\b"));
    rules.add(
        folded(
            HIGH,
            "role-play opener (fr)",
            "\\b(?:fais (?:comme si|semblant)|mets-toi dans la peau|(?:tu vas|vous allez)"
                + " (?:jouer|incarner|faire semblant|agir comme|te comporter|vous comporter)"
                + "|(?:a partir de maintenant|desormais|dorenavant),? (?:tu|reponds|agis)"
                + "|(?:^|[.!?:;] )(?:joue|incarne) (?:le role|un personnage))\\b"));
    rules.add(
        folded(
            HIGH,
            "addresses an AI model directly (en)",
            "\\b(?:as an? (?:ai|language model|llm|ai assistant|chatbot)"
                + "|(?:dear|hey|hi|hello|attention|note to|message to|instructions? (?:for|to))"
                + " (?:the )?(?:ai|ai assistant|chatbot|llm|language model|gpt|chatgpt)"
                + "|if you are an? (?:ai|llm|language model|assistant|chatbot|bot)"
                + "|(?:ai|language model|llm)s? (?:reading|processing|summari[sz]ing) this)\\b"));
    rules.add(
        folded(
            HIGH,
            "addresses an AI model directly (fr)",
            "\\b(?:en tant qu'(?:ia|intelligence artificielle|modele de langage|llm|agent"
                + " conversationnel|assistant (?:ia|virtuel))"
                + "|(?:cher|chere|note pour|message pour|instructions? pour|attention) (?:l'|le |la )?"
                + "(?:ia|chatbot|llm|modele de langage|agent conversationnel|intelligence"
                + " artificielle|assistant (?:ia|virtuel|conversationnel))"
                + "|si tu es une? (?:ia|intelligence artificielle|assistant|chatbot|modele|llm))\\b"));
    rules.add(
        folded(
            HIGH,
            "addresses the assistant that reads the text (fr)",
            "\\b(?:assistant|ia|modele|robot|llm|chatbot)s? (?:qui|charge de) (?:lit|lis|lisent"
                + "|lira|lire|traite|traitent|traiter|resume|resument|resumer|analyse|analysent"
                + "|analyser) (?:ce|cette|ces|le present|la presente)\\b"));
    rules.add(
        folded(
            HIGH,
            "addresses the assistant that reads the text (en)",
            "\\b(?:assistant|ai|model|bot|llm|chatbot)s? (?:that is |who is |which is )?"
                + "(?:reading|processing|summari[sz]ing|parsing|analy[sz]ing) (?:this|these)\\b"));
    rules.add(
        folded(
            MEDIUM,
            "orders something written before the answer",
            "\\bavant de (?:repondre|formuler ta reponse|rediger ta reponse)\\b"
                + gap(20)
                + "\\b(?:ecris|ajoute|affiche|indique|insere|recopie|mentionne)\\b"
                + "|\\bbefore (?:answering|responding|replying|you answer|you respond|you reply)\\b"
                + gap(20)
                + "\\b(?:write|print|output|add|say|include|insert|display|append)\\b"));
    rules.add(
        folded(
            HIGH,
            "tells the model to hide something from the user",
            "\\b(?:do not|don't|never) (?:tell|inform|mention|reveal|disclose)\\b"
                + gap(20)
                + "\\b(?:the user|the human)\\b|\\bne (?:le |lui )?(?:dis|dites|mentionne"
                + "|mentionnez|revele|revelez) (?:pas|jamais|rien)\\b"
                + gap(20)
                + "\\bl'utilisateur\\b"));
    rules.add(
        folded(
            HIGH,
            "claims the model is free of its rules",
            "\\b(?:broken free|free (?:from|of) the (?:typical )?confines|(?:does|do) not have to"
                + " (?:abide|follow|obey)|no longer (?:bound|restricted|have to follow)|n'es plus"
                + " (?:tenu|soumis|oblige)|libere(?:e)? de (?:tes|toutes tes|toutes les)"
                + " (?:regles|restrictions))\\b"));

    rules.add(
        folded(
            STRONG,
            "describes an AI without restrictions",
            "\\b(?:unrestricted|unfiltered|uncensored|jailbroken|submissive|amoral) (?:ai|assistant"
                + "|chatbot|language model|llm|model)\\b|\\b(?:ia|assistant|modele|chatbot) (?:sans"
                + " (?:aucune )?(?:restriction|filtre|censure|limite)s?|libere|liberee)\\b"));
    rules.add(
        folded(
            MEDIUM,
            "asks to set ethics aside",
            "\\b(?:no matter how (?:dangerous|unethical|illegal|immoral|harmful|offensive"
                + "|inappropriate|reckless)|without (?:any )?(?:moral|ethical) (?:bias|restrictions?"
                + "|limits?|considerations?|guidelines)|meme (?:si c'est )?(?:illegal|dangereux"
                + "|contraire a l'ethique))\\b"));

    // the model's own instructions
    rules.add(
        folded(
            STRONG,
            "asks for the model's instructions (en)",
            "\\b"
                + extractVerbsEn
                + "\\b"
                + gap(40)
                + "(?:\\byour\\b"
                + gap(20)
                + "\\b(?:prompt|configuration|programming|system message)\\b|\\b"
                + modelInstructionsEn
                + "\\b)"));
    rules.add(
        folded(
            STRONG,
            "names the model's own instructions (en)",
            "\\byour (?:system|initial|original|hidden|secret|starting|internal)[ _-]?"
                + "(?:prompt|instructions?|message|configuration|directives|guidelines)\\b"));
    rules.add(
        folded(
            STRONG,
            "asks for the model's instructions (fr)",
            "\\b"
                + extractVerbsFr
                + "\\b"
                + gap(30)
                + "\\b(?:(?:ton|votre) (?:prompt|message systeme)|(?:tes|ton) (?:instructions"
                + "|consignes|regles|directives|configuration)|(?:vos|votre) (?:instructions?"
                + " (?:initiales?|systeme|de depart|cachees?)|configuration systeme)"
                + "|(?:le|les) (?:prompt|instructions?) (?:systeme|initiales?|cachees?))\\b"));
    rules.add(
        folded(
            MEDIUM,
            "mentions a system prompt",
            "\\b(?:system[ _-]?prompt|system message|system instructions?|pre-?prompt"
                + "|prompt systeme|message systeme|instructions? systeme)\\b"));
    rules.add(
        folded(
            MEDIUM,
            "asks what the model was told",
            "\\b(?:what (?:were|are) you (?:told|instructed|programmed)|what are you not"
                + " (?:supposed|allowed|permitted) to|i was instructed to|my instructions are"
                + "|(?:text|instructions|prompt|words) you were given|qu'est-ce qu'on t'a dit"
                + "|quelles sont tes instructions)\\b"));
    rules.add(
        folded(
            MEDIUM,
            "refers to the start of the conversation",
            "\\b(?:(?:beginning|start) of (?:this|the) conversation|before this conversation"
                + "|debut de (?:cette|la) conversation)\\b"));
    rules.add(
        folded(
            HIGH,
            "asks to repeat the text above",
            "\\b(?:repeat|output|print|reproduce|recite)\\b"
                + gap(30)
                + "\\b(?:text|words|everything|content|conversation|prompt)\\b"
                + gap(30)
                + "\\b(?:above|so far|word for word|verbatim|back to me)\\b"
                + "|\\b(?:repeat|output|print|reproduce|recite)\\b"
                + gap(20)
                + "\\b(?:above|preceding) (?:text|words|content|conversation|prompt|instructions)\\b"
                + "|\\b(?:repete|repetez|recopie|recopiez|reproduis|reproduisez)\\b"
                + gap(30)
                + "\\b(?:texte|tout|conversation|prompt)\\b"
                + gap(30)
                + "(?:ci-dessus|au-dessus|mot pour mot|depuis le debut)"));
    rules.add(
        folded(
            WEAK,
            "asks for an encoded answer",
            "\\b(?:base ?64|rot ?13|hex(?:adecimal)? encode|in emoji)\\b"));
    rules.add(
        folded(
            MEDIUM,
            "claims an override or special mode",
            "\\b(?:admin(?:istrator)? override|maintenance mode|god mode|sudo mode|override"
                + " code|mode (?:administrateur|sans restriction|sans filtre|dieu))\\b"));
    rules.add(
        folded(
            WEAK,
            "dictates the form of the answer",
            "\\b(?:start your (?:answer|response|reply) with|(?:respond|reply|answer) only with"
                + "|reponds (?:uniquement |seulement )?(?:par|avec)|commence ta reponse par)\\b"));
    rules.add(
        folded(
            WEAK,
            "talks about model restrictions",
            "\\b(?:no (?:restrictions|filters|filtering|censorship)|without (?:any )?(?:restrictions"
                + "|filters|censorship)|content polic(?:y|ies)|unfiltered|uncensored|sans (?:aucune )?"
                + "(?:restriction|filtre|censure)s?|politique de contenu)\\b"));
    rules.add(
        folded(
            WEAK,
            "names chat models",
            "\\b(?:chatgpt|openai|gpt-?[345]|large language model|language model|modele de langage"
                + "|ai model)\\b"));

    // markup aimed at the model or at the answer's renderer
    rules.add(
        raw(
            STRONG,
            "chat template tokens",
            "<\\|(?:im_start|im_end|system|user|assistant|endoftext)\\|>|\\[/?INST\\]|<<SYS>>"
                + "|</?system(?:_prompt)?>"));
    rules.add(raw(MEDIUM, "role markers", "(?m)^\\s*(?:#{1,3}\\s*)?(?:system|assistant)\\s*:"));
    rules.add(
        raw(
            STRONG,
            "markdown image whose URL is a template for data",
            "!\\[[^\\]]{0,200}\\]\\(\\s*<?[^)\\s]*(?:<[^>]*>|\\{[^}]*\\}|\\[[^\\]]*\\]|%s"
                + "|\\$\\w+|\\bDATA\\b|\\bQUERY\\b)"));
    rules.add(
        raw(
            MEDIUM,
            "markdown image with query parameters",
            "!\\[[^\\]]{0,200}\\]\\(\\s*<?https?://[^)\\s]*\\?[^)\\s]*="));
    rules.add(
        folded(
            WEAK,
            "asks to render images or links",
            "\\b(?:render|display|show|include|output|print|add|append)\\b"
                + gap(40)
                + "\\b(?:markdown image|image markdown|markdown link|as (?:an )?images?)\\b"));
    return List.copyOf(rules);
  }
}
