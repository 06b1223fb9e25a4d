package io.hubia.runtime.answer;

import io.hubia.runtime.answer.text.Numbers;
import io.hubia.runtime.answer.text.Terms;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What kind of answer a question expects, from its question words: a number ({@code combien},
 * {@code how many}), a date ({@code quand}, {@code en quelle année}, {@code when}), a name ({@code
 * qui}, {@code who}, {@code comment s'appelle}) or a place ({@code où}, {@code where}). A sentence
 * that holds such an element not already in the question is more likely to answer it.
 */
enum AnswerType {
  NUMBER,
  DATE,
  NAME,
  NONE;

  private static final Pattern NUMBER_Q =
      Pattern.compile(
          "\\b(combien|how (many|much)|quel(le)? (nombre|quantite|pourcentage|age|montant|somme|"
              + "taille|duree|superficie|population)|what (percentage|number|amount|age))\\b");
  private static final Pattern DATE_Q =
      Pattern.compile(
          "\\b(quand|(en |a |de |dans )?quel(le)?s? (annee|date|siecle|epoque|jour|mois|periode)"
              + "|depuis quand|jusqu'?a quand|when|what (year|date|century)|which (year|century))\\b");
  private static final Pattern NAME_Q =
      Pattern.compile(
          "(^|\\b(par|a|de|pour|avec|contre|chez) )qui\\b|\\bqui (est|etait|sont|a|ont|fut)\\b"
              + "|\\bwho(m|se)?\\b|\\bnom\\b|s'appel|\\bnamed?\\b|\\bcalled\\b"
              + "|\\bwhere\\b|\\bdans quel(le)? (pays|ville|region|lieu|endroit)\\b"
              + "|\\bquel(le)? (pays|ville|region|personne|auteur|artiste|roi|reine|president)\\b");
  private static final Pattern YEAR_OR_MONTH =
      Pattern.compile(
          "\\b(1\\d{3}|20\\d{2}|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre"
              + "|octobre|novembre|decembre|january|february|march|april|june|july|august"
              + "|september|october|november|december|siecle|century)\\b");

  /** The type a question expects. */
  static AnswerType of(String question) {
    String q = Terms.fold(question).replace('’', '\'').replaceAll("[-?!.,;:]", " ");
    if (DATE_Q.matcher(q).find()) {
      return DATE;
    }
    if (NUMBER_Q.matcher(q).find()) {
      return NUMBER;
    }
    if (question.contains("où") || question.contains("Où") || NAME_Q.matcher(q).find()) {
      return NAME;
    }
    return NONE;
  }

  /** Whether the sentence holds an element of this type that the question does not. */
  boolean heldBy(String sentence, String question, Set<String> questionTerms) {
    switch (this) {
      case NUMBER -> {
        Set<String> asked = Numbers.inDigits(question);
        return Numbers.inClaim(sentence).stream().anyMatch(n -> !asked.contains(n));
      }
      case DATE -> {
        String folded = Terms.fold(sentence);
        var m = YEAR_OR_MONTH.matcher(folded);
        while (m.find()) {
          if (!Terms.fold(question).contains(m.group())) {
            return true;
          }
        }
        return false;
      }
      case NAME -> {
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
      default -> {
        return false;
      }
    }
  }
}
