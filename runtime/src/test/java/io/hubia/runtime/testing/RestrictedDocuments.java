package io.hubia.runtime.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubia.runtime.answer.model.ReplayingChatModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documents of the federation example whose labels restrict reading, and the canary documents
 * planted next to them (one per kind of label, under {@code leak-it/documents-federation/}, each
 * carrying a unique {@code CANARI-...} string in its title and body): what {@code ReadLeakMatrixIT}
 * asks about as every kind of caller. Each document has the labels the example's RetrievalIndex
 * gives it, the strings only it holds (its secrets), a sentence of its own that a leaking model
 * repeats, and three questions: one aimed at its content, one quoting a secret, one naming its
 * file.
 */
public final class RestrictedDocuments {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FRONT_MATTER_FIELD =
      Pattern.compile("(?m)^(title|uri):\\s*\"?(.*?)\"?\\s*$");

  private RestrictedDocuments() {}

  /**
   * One restricted document.
   *
   * @param source the RetrievalIndex source ({@code national} or {@code antennes})
   * @param path its path in the source: with the source, its document id
   * @param labels the labels the example's label mapping gives it
   * @param planted whether it is a canary document of this test (else a file of the example)
   * @param secrets strings only this document holds: its canary, facts of its own
   * @param fact a sentence of the document, as written there (line breaks aside)
   * @param question a question its content answers
   */
  public record Document(
      String source,
      String path,
      Set<String> labels,
      boolean planted,
      List<String> secrets,
      String fact,
      String question) {

    /** The document id, as retrieval and citations name it. */
    public String id() {
      return source + ":" + path;
    }

    /** A short name for reports. */
    public String key() {
      return path.replaceAll(".*/", "").replace(".md", "");
    }

    /** A question quoting the document's first secret. */
    public String secretQuestion() {
      return "Que sais-tu de « " + secrets.get(0) + " » ?";
    }

    /** A question naming the document's file. */
    public String fileQuestion() {
      return "Quel est le titre du document " + path + " et que dit-il ?";
    }

    /** The three questions asked about the document. */
    public List<String> questions() {
      return List.of(question, secretQuestion(), fileQuestion());
    }

    /** The file of the document inside a copy of {@code documents-federation/}. */
    public Path file(Path documents) {
      return documents.resolve(source).resolve(path);
    }

    /** Its front matter title, read from a copy of {@code documents-federation/}. */
    public String title(Path documents) {
      return frontMatter(documents, "title");
    }

    /** Its front matter URI, read from a copy of {@code documents-federation/}. */
    public String uri(Path documents) {
      return frontMatter(documents, "uri");
    }

    private String frontMatter(Path documents, String field) {
      try {
        Matcher m = FRONT_MATTER_FIELD.matcher(Files.readString(file(documents)));
        while (m.find()) {
          if (m.group(1).equals(field)) {
            return m.group(2);
          }
        }
        throw new IllegalStateException(id() + " has no " + field);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static Document example(
      String source, String path, String label, List<String> secrets, String fact, String q) {
    return new Document(source, path, Set.of(label), false, secrets, fact, q);
  }

  private static Document canary(
      String source, String path, String label, List<String> secrets, String fact, String q) {
    return new Document(source, path, Set.of(label), true, secrets, fact, q);
  }

  /** Every restricted document: the example's, then the planted canaries. */
  public static final List<Document> ALL =
      List.of(
          example(
              "antennes",
              "lyon/interne/note-equipe-2026.md",
              "antenne:lyon",
              List.of("25 nouvelles adhésions", "18 000 euros"),
              "L'objectif de l'antenne de Lyon pour 2026 est de 25 nouvelles adhésions, dont au"
                  + " moins 10 entreprises de l'Ain.",
              "Quel est l'objectif de nouvelles adhésions de l'antenne de Lyon pour 2026 ?"),
          example(
              "antennes",
              "lille/interne/note-equipe-2026.md",
              "antenne:lille",
              List.of("30 nouvelles adhésions", "22 000 euros"),
              "L'objectif de l'antenne de Lille pour 2026 est de 30 nouvelles adhésions, en"
                  + " priorité dans le Pas-de-Calais, où l'antenne compte aujourd'hui 310"
                  + " adhérents contre 540 dans le Nord.",
              "Quel est l'objectif de nouvelles adhésions de l'antenne de Lille pour 2026 ?"),
          example(
              "national",
              "circulaires/2026-01-recouvrement-des-cotisations.md",
              "interne",
              List.of("jusqu'à 20 % de la cotisation", "taux d'encaissement de 92 %"),
              "Le délégué de l'antenne peut accorder, sur demande écrite motivée de l'adhérent,"
                  + " une remise allant jusqu'à 20 % de la cotisation ou un échéancier en six"
                  + " mensualités au plus.",
              "Quelle remise de cotisation le délégué d'antenne peut-il accorder ?"),
          example(
              "national",
              "juridique/notes-internes/2026-03-rupture-conventionnelle-et-arret-de-travail.md",
              "juridique-interne",
              List.of("dépasse 50 000 euros", "64 demandes"),
              "Tout dossier dont l'enjeu financier estimé dépasse 50 000 euros est transmis au"
                  + " juriste référent national, qui répond sous cinq jours ouvrés.",
              "À partir de quel enjeu financier un dossier de rupture conventionnelle pendant un"
                  + " arrêt de travail est-il transmis au juriste référent national ?"),
          example(
              "national",
              "vie-federative/assemblee-generale-2026.md",
              "adherents",
              List.of("plus de trois pouvoirs"),
              "Une même entreprise ne peut pas détenir plus de trois pouvoirs.",
              "Combien de pouvoirs une même entreprise peut-elle détenir à l'assemblée"
                  + " générale ?"),
          example(
              "national",
              "fiches-pratiques/droit-du-travail/entretien-professionnel.md",
              "adherents",
              List.of("abondement correctif de 3 000 euros"),
              "Dans une entreprise d'au moins 50 salariés, si le salarié n'a pas bénéficié, au"
                  + " cours des six dernières années, des entretiens prévus et d'au moins une"
                  + " formation non obligatoire, l'employeur doit verser un abondement correctif"
                  + " de 3 000 euros sur son compte personnel de formation.",
              "Que doit verser l'employeur quand un salarié n'a pas eu ses entretiens"
                  + " professionnels pendant six ans ?"),
          example(
              "national",
              "fiches-pratiques/droit-du-travail/heures-supplementaires.md",
              "adherents",
              List.of("supplémentaires est de 220 heures"),
              "Sans accord collectif, le contingent annuel d'heures supplémentaires est de 220"
                  + " heures par salarié.",
              "Quel est le contingent annuel d'heures supplémentaires sans accord collectif ?"),
          example(
              "national",
              "fiches-pratiques/droit-du-travail/conges-payes.md",
              "adherents",
              List.of("2,5 jours ouvrables"),
              "Le salarié acquiert 2,5 jours ouvrables de congés payés par mois de travail"
                  + " effectif, soit 30 jours ouvrables, c'est-à-dire cinq semaines, pour une"
                  + " année complète.",
              "Combien de jours de congés payés un salarié acquiert-il par mois de travail"
                  + " effectif ?"),
          example(
              "national",
              "fiches-pratiques/droit-du-travail/teletravail.md",
              "adherents",
              List.of("10,90 euros"),
              "L'allocation forfaitaire de télétravail est exonérée de cotisations sociales dans"
                  + " la limite de 10,90 euros par mois pour un jour de télétravail par semaine,"
                  + " soit 43,60 euros par mois pour quatre jours par semaine.",
              "Dans quelle limite l'allocation forfaitaire de télétravail est-elle exonérée de"
                  + " cotisations sociales ?"),
          example(
              "national",
              "fiches-pratiques/droit-du-travail/periode-d-essai.md",
              "adherents",
              List.of("huit mois pour les cadres"),
              "Renouvellement compris, la durée totale ne peut pas dépasser quatre mois pour les"
                  + " ouvriers et employés, six mois pour les agents de maîtrise et techniciens et"
                  + " huit mois pour les cadres.",
              "Quelle est la durée totale maximale de la période d'essai d'un cadre,"
                  + " renouvellement compris ?"),
          example(
              "national",
              "fiches-pratiques/droit-du-travail/rupture-conventionnelle.md",
              "adherents",
              List.of("15 jours calendaires"),
              "Le délai de rétractation : chaque partie dispose de 15 jours calendaires à compter"
                  + " du lendemain de la signature pour se rétracter, par lettre adressée à"
                  + " l'autre partie.",
              "De combien de jours chaque partie dispose-t-elle pour se rétracter après la"
                  + " signature d'une rupture conventionnelle ?"),
          example(
              "national",
              "fiches-pratiques/formation/plan-de-developpement-des-competences.md",
              "adherents",
              List.of("30 heures par an et par salarié"),
              "Elle peut se dérouler hors du temps de travail, avec l'accord écrit du salarié,"
                  + " dans la limite de 30 heures par an et par salarié, ou de 2 % du forfait pour"
                  + " un salarié en forfait jours.",
              "Dans quelle limite une formation non obligatoire peut-elle se dérouler hors du"
                  + " temps de travail ?"),
          example(
              "national",
              "fiches-pratiques/formation/opco-financement.md",
              "adherents",
              List.of("3 500 euros par an"),
              "Pour 2026, la branche a fixé un plafond de prise en charge de 3 500 euros par an"
                  + " pour une entreprise de moins de 11 salariés et de 6 000 euros par an pour une"
                  + " entreprise de 11 à 49 salariés.",
              "Quel plafond de prise en charge l'OPCO applique-t-il en 2026 à une entreprise de"
                  + " moins de 11 salariés ?"),
          canary(
              "antennes",
              "lyon/interne/canari-lyon.md",
              "antenne:lyon",
              List.of("CANARI-LYON-7Q2", "9 400 euros", "Bastien Moreau"),
              "Selon la note CANARI-LYON-7Q2, le salon des entrepreneurs de l'antenne de Lyon"
                  + " aura lieu le 14 octobre 2026 à la halle Tony-Garnier, avec un budget de 9"
                  + " 400 euros.",
              "Quel est le budget du salon des entrepreneurs de l'antenne de Lyon ?"),
          canary(
              "antennes",
              "lille/interne/canari-lille.md",
              "antenne:lille",
              List.of("CANARI-LILLE-4K9", "7 800 euros", "Nadia Vasseur"),
              "Selon la note CANARI-LILLE-4K9, la soirée des adhérents de l'antenne de Lille aura"
                  + " lieu le 5 novembre 2026 au Tripostal, avec un budget de 7 800 euros.",
              "Quel est le budget de la soirée des adhérents de l'antenne de Lille ?"),
          canary(
              "antennes",
              "paris/interne/canari-paris.md",
              "antenne:paris",
              List.of("CANARI-PARIS-2M5", "5 200 euros", "Hugo Tessier"),
              "Selon la note CANARI-PARIS-2M5, le petit-déjeuner RH de l'antenne de Paris aura"
                  + " lieu le 9 décembre 2026 à la Maison de la Chimie, avec un budget de 5 200"
                  + " euros.",
              "Quel est le budget du petit-déjeuner RH de l'antenne de Paris ?"),
          canary(
              "national",
              "circulaires/canari-circulaire.md",
              "interne",
              List.of("CANARI-INTERNE-8R4", "240 euros par participant"),
              "Selon la circulaire CANARI-INTERNE-8R4, le séminaire des délégués d'antenne aura"
                  + " lieu les 2 et 3 juillet 2026 à Annecy, et le siège prend en charge 240 euros"
                  + " par participant.",
              "Combien le siège prend-il en charge par participant au séminaire des délégués"
                  + " d'antenne ?"),
          canary(
              "national",
              "juridique/notes-internes/canari-juridique.md",
              "juridique-interne",
              List.of("CANARI-JURIDIQUE-5T1", "1 850 euros", "Lefort Avocats"),
              "Selon la note CANARI-JURIDIQUE-5T1, le forfait d'honoraires négocié avec le"
                  + " cabinet Lefort Avocats est de 1 850 euros par dossier prud'homal, audience"
                  + " de conciliation comprise.",
              "Quel forfait d'honoraires a été négocié avec le cabinet d'avocats pour un dossier"
                  + " prud'homal ?"),
          canary(
              "national",
              "fiches-pratiques/canari-fiche.md",
              "adherents",
              List.of("CANARI-ADHERENTS-3W8", "prime d'habillage à 17 euros"),
              "Selon la fiche CANARI-ADHERENTS-3W8, l'accord de branche fixe la prime"
                  + " d'habillage à 17 euros par mois pour les salariés tenus de porter une tenue"
                  + " de travail fournie par l'employeur.",
              "Quel est le montant de la prime d'habillage fixée par l'accord de branche ?"),
          canary(
              "national",
              "archives/canari-archives.md",
              "restreint",
              List.of("CANARI-RESTREINT-6P3", "41 000 euros"),
              "Selon le dossier CANARI-RESTREINT-6P3, le litige avec l'ancien prestataire"
                  + " informatique a été clos par une transaction de 41 000 euros signée le 3"
                  + " février 2025.",
              "Quel est le montant de la transaction qui a clos le litige avec l'ancien"
                  + " prestataire informatique ?"));

  /** Copies the canary documents into a copy of {@code documents-federation/}. */
  public static void plant(Path documents) throws IOException {
    for (Document d : ALL) {
      if (d.planted()) {
        Path target = d.file(documents);
        Files.createDirectories(target.getParent());
        Files.writeString(
            target,
            TestFiles.resource("leak-it/documents-federation/" + d.source() + "/" + d.path()),
            StandardCharsets.UTF_8);
      }
    }
  }

  /**
   * A model that tries to leak: whatever it was given, it answers each question of {@link #ALL}
   * with the document's own sentence and a sentence naming its title and id, both marked {@code
   * [1]}. For a caller who may read the document, source 1 is usually that document and both claims
   * hold; for one who may not, the model never saw it, and the runtime must cut what it wrote. Any
   * other request (a follow-up, a question off the matrix) gets the same kind of answer about the
   * Lyon canary.
   *
   * @param documents the copy of {@code documents-federation/} the titles are read from
   */
  public static ReplayingChatModel leakingModel(Path documents) {
    ObjectNode fixture = JSON.createObjectNode();
    fixture.put("model", "mistral-small-2506");
    fixture.put(
        "description",
        "Answers every question of the leak matrix with the aimed document's own sentence, title"
            + " and id, cited [1], whether or not it was given that document.");
    ArrayNode entries = fixture.putArray("entries");
    for (Document d : ALL) {
      for (String question : d.questions()) {
        entries
            .addObject()
            .put("match", "Question : " + question)
            .put("text", leak(d, documents))
            .put("inputTokens", 800)
            .put("outputTokens", 60);
      }
    }
    Document lyon =
        ALL.stream().filter(d -> d.key().equals("canari-lyon")).findFirst().orElseThrow();
    entries
        .addObject()
        .put("regex", ".")
        .put("text", leak(lyon, documents))
        .put("inputTokens", 800)
        .put("outputTokens", 60);
    try {
      return ReplayingChatModel.fromJson(JSON.writeValueAsString(fixture));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document's sentence naming its title and id, as one claim. */
  private static String leak(Document d, Path documents) {
    return d.fact().replaceAll("\\.$", "")
        + " (document « "
        + d.title(documents)
        + " », "
        + d.id()
        + ") [1].";
  }

  /** {@code text} lower-cased, its runs of white space (no-break spaces too) as one space. */
  public static String normalised(String text) {
    return text.replaceAll("[\\s\\u00A0\\u202F]+", " ").toLowerCase(Locale.ROOT);
  }
}
