package io.hubia.runtime.answer;

import io.hubia.runtime.answer.text.Numbers;
import io.hubia.runtime.answer.text.Terms;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What kind of answer a question expects, read from its question words in French or English: a
 * number ({@code combien}, {@code quelle est la longueur}, {@code how many}), a date ({@code
 * quand}, {@code en quelle année}, {@code when}), a name of a person or a place ({@code qui},
 * {@code où}, {@code dans quel pays}, {@code who}, {@code where}), or nothing in particular ({@code
 * comment}, {@code pourquoi}, {@code qu'est-ce que}, {@code quel est le rôle}...).
 *
 * <p>Only the question word that opens the question counts (after a preposition: {@code à qui},
 * {@code en quelle année}), so that a relative {@code qui}, {@code où} or a conjunction {@code
 * quand} inside the question ("Pourquoi le roi qui régnait...", "Que faire quand...") does not make
 * it a question for a name or a date; a question word at the end ("C'est quand ?") or {@code
 * combien} anywhere ("Il y a combien de ponts ?") counts too.
 */
enum AnswerType {
  NUMBER,
  DATE,
  NAME,
  NONE;

  /** Words a question may start with before its question word, dropped. */
  private static final Pattern LEAD =
      Pattern.compile(
          "^(?:(?:et|mais|alors|donc|dis moi|dites moi|sais tu|savez vous|je voudrais savoir"
              + "|pouvez vous me dire|peux tu me dire|and|so|do you know) )+");

  private static final String PREPOSITION =
      "(?:(?:a|en|de|du|des|dans|depuis|par|pour|sur|vers|avec|contre|chez|durant|pendant"
          + "|jusqu a|au cours de|aupres de|in|on|at|from|since|by|for|to) )?";
  private static final String QUEL = "quel(?:le)?s? (?:(?:est|etait|sont|etaient|fut|sera) )?";
  private static final String ARTICLE = "(?:(?:le|la|l|les|un|une) )?";

  /**
   * Words that name a measured quantity, then the units its numbers come with, folded: "longueur"
   * and "346 km", "coûte" and "290 euros", "combien de jours" and "45 jours".
   */
  private static final List<String> QUANTITIES =
      List.of(
          "longueur largeur hauteur altitude profondeur distance taille mesure length height long"
              + " tall high far"
              + " | km kilometre m metre cm centimetre mm mile mille pied feet foot pouce inch"
              + " kilometer meter",
          "superficie surface area | km km2 m2 hectare ha acre carre",
          "prix cout coute coutent montant somme tarif budget salaire gagne price cost much"
              + " | euro dollar franc livre yen million milliard",
          "duree dure temps age old an ans annee mois semaine jour heure minute siecle year day"
              + " | an ans annee mois semaine jour heure h minute min seconde siecle year month"
              + " week day hour",
          "poids masse pese | kg kilo kilogramme g gramme tonne t pound",
          "population effectif | habitant personne people inhabitant",
          "pourcentage part taux proportion percentage | pourcent percent pourcentage",
          "vitesse | km h noeud mph kmh",
          "temperature | degre c");

  /** The stems of the units of each quantity word's stem. */
  private static final Map<String, Set<String>> UNITS = units();

  private static Map<String, Set<String>> units() {
    Map<String, Set<String>> units = new HashMap<>();
    for (String row : QUANTITIES) {
      String[] parts = row.split("\\|");
      Set<String> stems = new LinkedHashSet<>();
      for (String unit : parts[1].strip().split(" ")) {
        stems.add(Terms.stem(unit));
      }
      for (String quantity : parts[0].strip().split(" ")) {
        units.computeIfAbsent(Terms.stem(quantity), k -> new LinkedHashSet<>()).addAll(stems);
      }
    }
    return Map.copyOf(units);
  }

  /** Quantities a "quel(le) est le/la ..." question asks a number for. */
  private static final String MEASURE =
      "(?:nombre|quantite|longueur|largeur|hauteur|altitude|profondeur|distance|taille"
          + "|superficie|surface|prix|cout|montant|somme|tarif|budget|salaire|duree|age|poids"
          + "|masse|population|effectif|pourcentage|taux|proportion|part|vitesse|temperature)";

  private static final Pattern NUMBER_Q =
      Pattern.compile(
          "^(?:combien|how (?:many|much|long|far|tall|high|big|old|often)|"
              + PREPOSITION
              + QUEL
              + ARTICLE
              + MEASURE
              + "|what (?:is |was )?(?:the )?(?:percentage|number|amount|age|length|size|height"
              + "|population|price|cost|distance|area))\\b");

  private static final Pattern DATE_Q =
      Pattern.compile(
          "^(?:quand|depuis quand|jusqu a quand|a partir de quand|"
              + PREPOSITION
              + QUEL
              + ARTICLE
              + "(?:annee|date|siecle|epoque|jour|mois|periode|decennie|heure|saison)"
              + "|when|since when|(?:in |on |at )?what (?:year|date|time|century|day|month)"
              + "|(?:in |on )?which (?:year|century|day|month))\\b");

  private static final String NAMED =
      "(?:nom|pays|ville|region|lieu|endroit|continent|departement|province|commune|quartier"
          + "|personne|personnage|homme|femme|auteur|artiste|ecrivain|roi|reine|president"
          + "|presidente|compositeur|peintre|joueur|pilote|equipe|club|entreprise|societe"
          + "|compagnie|groupe|parti|chanteur|chanteuse|acteur|actrice|realisateur|architecte"
          + "|fondateur|createur|inventeur|musicien|empereur|pape|general|capitale|fleuve"
          + "|riviere|ile|montagne|ecole|universite|musee|journal|marque)";

  private static final Pattern NAME_Q =
      Pattern.compile(
          "^(?:"
              + PREPOSITION
              + "qui|who|whom|whose|ou|d ou|par ou|jusqu ou|where|from where"
              + "|comment (?:s appel|se nomm|s ecrit)\\w*"
              + "|what (?:is |was )?(?:the )?name|"
              + PREPOSITION
              + QUEL
              + ARTICLE
              + NAMED
              + "s?|(?:in |to |from )?which (?:country|city|person|team|company|player|author"
              + "|king|queen|president|region|place))\\b");

  /** A question word at the very end: "C'est quand ?", "Il est né où ?". */
  private static final Pattern LAST_WORD = Pattern.compile("\\b(quand|qui|ou|combien)$");

  private static final Pattern YEAR_OR_MONTH =
      Pattern.compile(
          "\\b(1\\d{3}|20\\d{2}|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre"
              + "|octobre|novembre|decembre|january|february|march|april|june|july|august"
              + "|september|october|november|december|lundi|mardi|mercredi|jeudi|vendredi"
              + "|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
              + "|siecle|siecles|century|centuries|[ivx]+e|\\d{1,2}e|\\d{1,2} ?h(?: ?\\d{2})?)\\b");

  /** The question folded, apostrophes and hyphens as spaces, punctuation gone. */
  static String normalise(String question) {
    String q = Terms.fold(question).replaceAll("[’'`‘\\-]", " ").replaceAll("[?!.,;:«»\"()]", " ");
    q = q.replaceAll("\\s+", " ").strip();
    return LEAD.matcher(q).replaceFirst("");
  }

  /** The type a question expects. */
  static AnswerType of(String question) {
    String q = normalise(question);
    if (DATE_Q.matcher(q).find()) {
      return DATE;
    }
    if (NUMBER_Q.matcher(q).find()) {
      return NUMBER;
    }
    if (NAME_Q.matcher(q).find()) {
      return NAME;
    }
    if (q.contains("combien") || q.startsWith("how many") || q.startsWith("how much")) {
      return NUMBER;
    }
    Matcher last = LAST_WORD.matcher(q);
    if (last.find()) {
      return switch (last.group(1)) {
        case "quand" -> DATE;
        case "combien" -> NUMBER;
        default -> NAME;
      };
    }
    return NONE;
  }

  /**
   * The words a number answering a question for a number comes with, folded and stemmed: the noun
   * counted ({@code ponts} in "combien de ponts"), the quantity measured and its units ({@code
   * longueur}, {@code km}, {@code mètres}... for "quelle est la longueur"); empty when the question
   * names none ("combien en reste-t-il ?").
   */
  static Set<String> focus(String question) {
    String q = normalise(question);
    String[] words = q.split(" ");
    LinkedHashSet<String> focus = new LinkedHashSet<>();
    for (String word : words) {
      Set<String> units = UNITS.get(Terms.stem(word));
      if (units != null) {
        focus.add(Terms.stem(word));
        focus.addAll(units);
      }
    }
    // "combien de ponts", "combien y a-t-il de membres", "quel nombre de", "how many bridges"
    Matcher m =
        Pattern.compile("\\b(?:combien|nombre|quantite|how many|how much)\\b(.*)").matcher(q);
    if (m.find()) {
      String[] after = m.group(1).strip().split(" ");
      boolean english = q.contains("how many") || q.contains("how much");
      for (int i = 0; i < after.length; i++) {
        boolean afterDe = i > 0 && (after[i - 1].equals("de") || after[i - 1].equals("d"));
        if ((afterDe || (english && i == 0)) && Terms.isContent(after[i])) {
          focus.add(Terms.stem(after[i]));
          focus.addAll(UNITS.getOrDefault(Terms.stem(after[i]), Set.of()));
          break;
        }
      }
    }
    return focus;
  }

  /** Whether the sentence holds an element of this type that the question does not. */
  boolean heldBy(String sentence, String question, Set<String> questionTerms) {
    return switch (this) {
      case NUMBER -> !newNumbers(sentence, question).isEmpty();
      case DATE -> hasNewDate(sentence, question);
      case NAME -> hasNewName(sentence, questionTerms);
      case NONE -> false;
    };
  }

  private static Set<String> newNumbers(String sentence, String question) {
    Set<String> asked = Numbers.inClaim(question);
    Set<String> found = new LinkedHashSet<>(Numbers.inClaim(sentence));
    found.removeAll(asked);
    return found;
  }

  private static boolean hasNewDate(String sentence, String question) {
    String q = Terms.fold(question);
    Matcher m = YEAR_OR_MONTH.matcher(Terms.fold(sentence));
    while (m.find()) {
      if (!q.contains(m.group())) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasNewName(String sentence, Set<String> questionTerms) {
    String[] words = sentence.split("\\s+");
    for (int i = 1; i < words.length; i++) {
      String word = words[i].replaceAll("^[«\"“(\\['‘]+", "");
      if (!word.isEmpty()
          && Character.isUpperCase(word.codePointAt(0))
          && !words[i - 1].matches(".*[.!?:]$")) {
        for (String term : Terms.of(word)) {
          if (!questionTerms.contains(term)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Whether a number of the sentence, not in the question, stands within {@code window} words of
   * one of the focus words ({@link #focus}): "huit membres", "une longueur de 346 km", "600 000
   * téléspectateurs" for "spectateurs" too; any new number when the focus is empty. Numbers are
   * digits, number words ({@code huit}, {@code vingt}) and rounded amounts ({@code une dizaine},
   * {@code des milliers}, {@code la moitié}); {@code %}, {@code €}, {@code $} read as their words.
   */
  static boolean numberNear(String sentence, String question, Set<String> focus, int window) {
    Set<String> asked = Numbers.inClaim(question);
    List<String> words = Terms.words(SYMBOLS.matcher(sentence).replaceAll(m -> symbol(m.group())));
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      Set<String> value = Numbers.inClaim(word);
      boolean number = AMOUNTS.contains(word) || !value.isEmpty() && !asked.containsAll(value);
      if (!number) {
        continue;
      }
      if (focus.isEmpty()) {
        return true;
      }
      for (int j = Math.max(0, i - window); j < Math.min(words.size(), i + window + 1); j++) {
        if (j != i && isFocus(Terms.stem(words.get(j)), focus)) {
          return true;
        }
      }
    }
    return false;
  }

  private static final Pattern SYMBOLS = Pattern.compile("[%€$£]");

  private static String symbol(String s) {
    return switch (s) {
      case "%" -> " pourcent ";
      case "€" -> " euros ";
      case "$" -> " dollars ";
      default -> " livres ";
    };
  }

  /** Rounded amounts and fractions, folded: they answer "combien" as well as digits. */
  private static final Set<String> AMOUNTS =
      Set.of(
          ("dizaine dizaines douzaine douzaines quinzaine vingtaine trentaine quarantaine"
                  + " cinquantaine soixantaine centaine centaines millier milliers million"
                  + " millions milliard milliards moitie tiers quart quarts aucun aucune dozen"
                  + " dozens hundreds thousands half none")
              .split(" "));

  /** The same stem, or one ending the other with 5 letters or more ("telespectateur"). */
  private static boolean isFocus(String stem, Set<String> focus) {
    if (focus.contains(stem)) {
      return true;
    }
    for (String f : focus) {
      String shorter = f.length() <= stem.length() ? f : stem;
      String longer = shorter == f ? stem : f;
      if (shorter.length() >= 5 && (longer.endsWith(shorter) || longer.startsWith(shorter))) {
        return true;
      }
    }
    return false;
  }
}
