package io.hubia.runtime.answer.text;

import io.hubia.api.v1alpha1.spec.Language;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises a message that is only small talk (greetings, thanks and acknowledgements, farewells,
 * "who are you" or "what can you do", in French or English) and gives a short canned reply in its
 * language saying what the agent does. A message is small talk when every one of its words belongs
 * to such a phrase or to a filler ({@code beaucoup}, {@code s'il vous plaît}, {@code please}, the
 * agent's name...): {@code "Bonjour !"}, {@code "merci beaucoup"} and {@code "Hello, who are you?"}
 * are, {@code "Bonjour, comment adhérer ?"} is not (its last two words ask for information).
 */
public final class SmallTalk {

  /** What the small talk is. */
  public enum Kind {
    GREETING,
    THANKS,
    FAREWELL,
    /** "Who are you", "what can you do", "help". */
    IDENTITY
  }

  /**
   * A recognised small-talk message.
   *
   * @param kind what it is (when it mixes several, the one the reply must answer: identity, then
   *     farewell, then thanks, then greeting)
   * @param language the language of its phrases, or the preferred language when they are in both or
   *     in neither ({@code ok}, {@code hello})
   * @param reply the canned reply, in {@code language}
   */
  public record Match(Kind kind, Language language, String reply) {}

  /** Longest message, in words, that can be small talk. */
  static final int MAX_WORDS = 16;

  private record Phrase(String[] words, Kind kind, Language language) {}

  private static final Map<String, List<Phrase>> BY_FIRST_WORD = new HashMap<>();

  static {
    add(
        Kind.GREETING,
        Language.FR,
        "bonjour",
        "bonsoir",
        "salut",
        "coucou",
        "bjr",
        "slt",
        "re bonjour",
        "rebonjour",
        "allo",
        "bien le bonjour",
        "ca va",
        "comment ca va",
        "comment allez vous",
        "vous allez bien",
        "tu vas bien",
        "quoi de neuf",
        "enchante",
        "enchantee");
    add(
        Kind.GREETING,
        Language.EN,
        "hi",
        "hiya",
        "good morning",
        "good afternoon",
        "good evening",
        "greetings",
        "howdy",
        "how are you",
        "how are you doing",
        "how is it going",
        "how s it going",
        "what s up",
        "whats up",
        "nice to meet you");
    add(Kind.GREETING, null, "hello", "hey", "yo", "re");
    add(
        Kind.THANKS,
        Language.FR,
        "merci",
        "mille mercis",
        "mille merci",
        "je vous remercie",
        "je te remercie",
        "remerciements",
        "c est gentil",
        "c est sympa",
        "gentil",
        "sympa",
        "c est parfait",
        "tres bien",
        "d accord",
        "entendu",
        "compris",
        "c est note",
        "c est clair",
        "genial",
        "impeccable",
        "parfait",
        "ca marche",
        "ca roule",
        "ca m aide",
        "ca aide");
    add(
        Kind.THANKS,
        Language.EN,
        "thanks",
        "thank you",
        "thank u",
        "thx",
        "ty",
        "many thanks",
        "much appreciated",
        "appreciate it",
        "i appreciate it",
        "cheers",
        "great",
        "perfect",
        "awesome",
        "got it",
        "understood",
        "all right",
        "alright",
        "that s helpful",
        "that helps",
        "very helpful",
        "helpful",
        "nice",
        "fine",
        "good",
        "noted");
    add(Kind.THANKS, null, "ok", "okay", "oki", "super", "cool", "top", "nickel", "bravo");
    add(
        Kind.FAREWELL,
        Language.FR,
        "au revoir",
        "a bientot",
        "a plus",
        "a plus tard",
        "a tout a l heure",
        "a demain",
        "bonne journee",
        "bonne soiree",
        "bonne fin de journee",
        "bonne nuit",
        "bon week end",
        "bonne continuation",
        "bonne semaine",
        "adieu",
        "a la prochaine");
    add(
        Kind.FAREWELL,
        Language.EN,
        "goodbye",
        "good bye",
        "bye bye",
        "see you",
        "see you later",
        "see you soon",
        "see ya",
        "have a nice day",
        "have a good day",
        "have a great day",
        "good night",
        "take care",
        "farewell",
        "later");
    add(Kind.FAREWELL, null, "bye", "ciao");
    add(
        Kind.IDENTITY,
        Language.FR,
        "qui es tu",
        "qui est tu",
        "qui etes vous",
        "tu es qui",
        "vous etes qui",
        "t es qui",
        "que peux tu faire",
        "que pouvez vous faire",
        "qu est ce que tu peux faire",
        "qu est ce que vous pouvez faire",
        "tu peux faire quoi",
        "vous pouvez faire quoi",
        "que sais tu faire",
        "que savez vous faire",
        "tu sais faire quoi",
        "comment peux tu m aider",
        "comment pouvez vous m aider",
        "comment tu peux m aider",
        "en quoi peux tu m aider",
        "en quoi pouvez vous m aider",
        "peux tu m aider",
        "pouvez vous m aider",
        "tu peux m aider",
        "vous pouvez m aider",
        "a quoi sers tu",
        "a quoi servez vous",
        "tu sers a quoi",
        "vous servez a quoi",
        "tu fais quoi",
        "que fais tu",
        "que faites vous",
        "quel est ton nom",
        "quel est votre nom",
        "comment tu t appelles",
        "comment t appelles tu",
        "comment vous appelez vous",
        "tu t appelles comment",
        "es tu un robot",
        "tu es un robot",
        "etes vous un robot",
        "es tu humain",
        "tu es humain",
        "etes vous humain",
        "es tu un humain",
        "etes vous un humain",
        "es tu une ia",
        "tu es une ia",
        "etes vous une ia",
        "comment ca marche",
        "comment ca fonctionne",
        "comment fonctionnes tu",
        "comment fonctionnez vous",
        "aide",
        "aide moi",
        "aidez moi",
        "j ai besoin d aide",
        "presente toi",
        "presentez vous",
        "qu est ce que tu es",
        "qu est ce que vous etes");
    add(
        Kind.IDENTITY,
        Language.EN,
        "who are you",
        "what are you",
        "what can you do",
        "what do you do",
        "what can you help me with",
        "what can you help with",
        "how can you help",
        "how can you help me",
        "can you help me",
        "can you help",
        "help",
        "help me",
        "i need help",
        "what is your name",
        "what s your name",
        "whats your name",
        "are you a bot",
        "are you a robot",
        "are you human",
        "are you a human",
        "are you an ai",
        "are you real",
        "how does this work",
        "how does it work",
        "how do you work",
        "introduce yourself",
        "tell me about yourself",
        "what are you able to do",
        "what do you know");
    add(
        null,
        Language.FR,
        "beaucoup",
        "bien",
        "encore",
        "vraiment",
        "tres",
        "a vous",
        "a toi",
        "a tous",
        "tout le monde",
        "madame",
        "monsieur",
        "mme",
        "svp",
        "stp",
        "s il vous plait",
        "s il te plait",
        "aussi",
        "et",
        "euh",
        "bon",
        "alors",
        "donc",
        "oui",
        "non",
        "pour tout",
        "pour votre aide",
        "pour ton aide",
        "pour l aide",
        "pour la reponse",
        "pour votre reponse",
        "pour ta reponse",
        "pour les reponses",
        "pour vos reponses",
        "pour l info",
        "pour l information",
        "pour les informations",
        "pour les infos",
        "le bot",
        "l assistant",
        "toi",
        "vous",
        "moi",
        "pour moi",
        "merci pour tout",
        "a nouveau",
        "de nouveau");
    add(
        null,
        Language.EN,
        "please",
        "pls",
        "very much",
        "so much",
        "a lot",
        "again",
        "there",
        "everyone",
        "all",
        "guys",
        "folks",
        "you",
        "too",
        "also",
        "and",
        "well",
        "so",
        "yes",
        "no",
        "for everything",
        "for your help",
        "for the help",
        "for the answer",
        "for your answer",
        "for the answers",
        "for the info",
        "for the information",
        "the bot",
        "the assistant",
        "for me",
        "sir",
        "madam",
        "then",
        "indeed",
        "really");
    add(null, null, "oh", "ah", "eh", "hubia", "bot", "chatbot", "assistant");
  }

  private SmallTalk() {}

  /**
   * Whether {@code message} is only small talk, and the reply if so.
   *
   * @param preferred the language to reply in when the phrases do not tell (both or neither)
   */
  public static Optional<Match> recognise(String message, Language preferred) {
    if (message == null) {
      return Optional.empty();
    }
    String[] words = Terms.fold(message).split("[^\\p{L}\\p{N}]+");
    words = Arrays.stream(words).filter(w -> !w.isEmpty()).toArray(String[]::new);
    if (words.length == 0 || words.length > MAX_WORDS) {
      return Optional.empty();
    }
    List<Phrase> matched = new ArrayList<>();
    if (!segment(words, 0, matched)) {
      return Optional.empty(); // a word that is no small talk: an information need
    }
    Kind kind = null;
    int fr = 0;
    int en = 0;
    for (Phrase phrase : matched) {
      if (phrase.kind() != null && (kind == null || rank(phrase.kind()) > rank(kind))) {
        kind = phrase.kind();
      }
      if (phrase.language() == Language.FR) {
        fr += phrase.kind() == null ? 1 : 2;
      } else if (phrase.language() == Language.EN) {
        en += phrase.kind() == null ? 1 : 2;
      }
    }
    if (kind == null) {
      return Optional.empty(); // fillers only ("oui", "and")
    }
    Language language = preferred == null ? Language.FR : preferred;
    if (fr > en) {
      language = Language.FR;
    } else if (en > fr) {
      language = Language.EN;
    }
    return Optional.of(new Match(kind, language, reply(kind, language)));
  }

  /** Whether {@code message} is only small talk. */
  public static boolean isSmallTalk(String message) {
    return recognise(message, Language.FR).isPresent();
  }

  /** The canned reply to small talk of this kind, in this language. */
  public static String reply(Kind kind, Language language) {
    boolean fr = language != Language.EN;
    return switch (kind) {
      case GREETING ->
          fr
              ? "Bonjour ! Je réponds à vos questions à partir des documents de référence, en"
                  + " citant mes sources. Quelle est votre question ?"
              : "Hello! I answer your questions from the reference documents, citing my sources."
                  + " What is your question?";
      case THANKS ->
          fr
              ? "Avec plaisir ! Si vous avez une autre question, posez-la : je vous répondrai à"
                  + " partir des documents de référence, en citant mes sources."
              : "You're welcome! If you have another question, just ask: I will answer from the"
                  + " reference documents, citing my sources.";
      case FAREWELL ->
          fr
              ? "Au revoir, et à bientôt ! Je reste disponible pour répondre à vos questions à"
                  + " partir des documents de référence."
              : "Goodbye, see you soon! I remain available to answer your questions from the"
                  + " reference documents.";
      case IDENTITY ->
          fr
              ? "Je suis un assistant documentaire : je réponds à vos questions à partir des"
                  + " documents de référence de ce service, en citant mes sources. Quand ces"
                  + " documents ne permettent pas de répondre de façon fiable, je vous le dis."
                  + " Posez-moi votre question !"
              : "I am a document assistant: I answer your questions from this service's reference"
                  + " documents, citing my sources. When those documents do not allow a reliable"
                  + " answer, I tell you so. Ask me your question!";
    };
  }

  private static int rank(Kind kind) {
    return switch (kind) {
      case GREETING -> 0;
      case THANKS -> 1;
      case FAREWELL -> 2;
      case IDENTITY -> 3;
    };
  }

  /** Covers words[from..] with phrases, longest first, backtracking; fills {@code matched}. */
  private static boolean segment(String[] words, int from, List<Phrase> matched) {
    if (from == words.length) {
      return true;
    }
    List<Phrase> candidates = new ArrayList<>(BY_FIRST_WORD.getOrDefault(words[from], List.of()));
    candidates.sort((a, b) -> b.words().length - a.words().length);
    for (Phrase phrase : candidates) {
      if (matches(words, from, phrase.words())) {
        matched.add(phrase);
        if (segment(words, from + phrase.words().length, matched)) {
          return true;
        }
        matched.remove(matched.size() - 1);
      }
    }
    return false;
  }

  private static boolean matches(String[] words, int from, String[] phrase) {
    if (from + phrase.length > words.length) {
      return false;
    }
    for (int k = 0; k < phrase.length; k++) {
      if (!words[from + k].equals(phrase[k])) {
        return false;
      }
    }
    return true;
  }

  private static void add(Kind kind, Language language, String... phrases) {
    for (String phrase : phrases) {
      String[] words = phrase.split(" ");
      BY_FIRST_WORD
          .computeIfAbsent(words[0], w -> new ArrayList<>())
          .add(new Phrase(words, kind, language));
    }
  }
}
