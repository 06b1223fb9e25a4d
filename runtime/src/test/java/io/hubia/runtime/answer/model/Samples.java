package io.hubia.runtime.answer.model;

import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.runtime.answer.AnswerRequest;
import io.hubia.runtime.answer.Evidence;
import io.hubia.runtime.answer.Turn;
import io.hubia.search.retrieve.RetrievedChunk;
import java.util.List;

/** Evidence and questions of the tests: the trial period page of the HR intranet. */
final class Samples {
  static final String URI = "https://intranet.federation.example/rh/periode-essai";
  static final String TITLE = "La période d'essai du salarié";

  static final String DUREE_CADRE =
      "Quelle est la durée maximale de la période d'essai d'un cadre ?";
  static final String PREVENANCE = "Quel est le délai de prévenance du salarié pendant l'essai ?";
  static final String ROMPT = "Quel délai respecter quand le salarié rompt sa période d'essai ?";
  static final String TRIAL_MANAGER =
      "What is the maximum length of the trial period for a manager?";

  static final String DUREE_TEXT =
      "La durée maximale de la période d'essai, renouvellement compris, dépend de la catégorie du"
          + " salarié : deux mois pour les ouvriers et les employés ; trois mois pour les agents de"
          + " maîtrise et les techniciens ; quatre mois pour les cadres.";
  static final String RENOUVELLEMENT_TEXT =
      "La période d'essai ne peut être renouvelée qu'une fois, et seulement si un accord de"
          + " branche étendu le prévoit. Le renouvellement doit être accepté par écrit par le"
          + " salarié.";
  static final String PREVENANCE_TEXT =
      "Lorsque c'est le salarié qui met fin à la période d'essai, le délai de prévenance est de"
          + " quarante-huit heures, ramené à vingt-quatre heures si sa durée de présence est"
          + " inférieure à huit jours.";

  private Samples() {}

  static RetrievedChunk chunk(String id, int position, String text) {
    return new RetrievedChunk(
        id,
        "rh/periode-essai",
        TITLE,
        URI,
        position,
        List.of("rh"),
        List.of(),
        text,
        null,
        3.2,
        0.81,
        0.74);
  }

  /** The three chunks of the page, numbered 1 to 3. */
  static List<Evidence> evidence() {
    return List.of(
        new Evidence(1, chunk("pe-0", 0, DUREE_TEXT), 0.82),
        new Evidence(2, chunk("pe-1", 1, RENOUVELLEMENT_TEXT), 0.71),
        new Evidence(3, chunk("pe-2", 2, PREVENANCE_TEXT), 0.64));
  }

  static AnswerRequest request(String question) {
    return new AnswerRequest(question, Language.FR, evidence(), List.of(), null);
  }

  static AnswerRequest request(String question, List<Evidence> evidence, List<Turn> history) {
    return new AnswerRequest(question, Language.FR, evidence, history, null);
  }
}
