package io.hubia.runtime.ingest.cmis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.hubia.api.v1alpha1.spec.CmisSource;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import io.hubia.runtime.ingest.ConnectorResult;
import io.hubia.runtime.ingest.IngestFixtures;
import io.hubia.runtime.ingest.SecretValues;
import io.hubia.runtime.ingest.SkipCode;
import io.hubia.runtime.ingest.SkippedDocument;
import io.hubia.runtime.ingest.SourceDocument;
import io.hubia.runtime.ingest.SourceUnavailableException;
import io.hubia.runtime.ingest.TextNormalizer;
import io.hubia.runtime.ingest.format.DocumentFormats;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.chemistry.opencmis.client.api.Document;
import org.apache.chemistry.opencmis.client.api.Folder;
import org.apache.chemistry.opencmis.client.api.ObjectId;
import org.apache.chemistry.opencmis.client.api.Session;
import org.apache.chemistry.opencmis.client.runtime.SessionFactoryImpl;
import org.apache.chemistry.opencmis.commons.PropertyIds;
import org.apache.chemistry.opencmis.commons.SessionParameter;
import org.apache.chemistry.opencmis.commons.data.Ace;
import org.apache.chemistry.opencmis.commons.data.ContentStream;
import org.apache.chemistry.opencmis.commons.enums.AclPropagation;
import org.apache.chemistry.opencmis.commons.enums.BindingType;
import org.apache.chemistry.opencmis.commons.enums.VersioningState;
import org.apache.chemistry.opencmis.commons.impl.dataobjects.AccessControlEntryImpl;
import org.apache.chemistry.opencmis.commons.impl.dataobjects.AccessControlPrincipalDataImpl;
import org.apache.chemistry.opencmis.commons.impl.dataobjects.ContentStreamImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CmisConnector} against a real CMIS server on loopback: Apache Chemistry's InMemory
 * repository behind the OpenCMIS Browser binding in an embedded Jetty ({@link InMemoryCmisServer}),
 * filled through the OpenCMIS client with a French folder tree, custom properties and ACLs.
 */
class CmisConnectorIT {
  private static final String SOURCE = "ged";
  private static final String REPOSITORY = "federation";
  private static final String ADMIN = "admin";
  private static final String ADMIN_PASSWORD = "Adm1n-p4ss";
  private static final String INDEXER = "hubia-indexer";
  private static final String INDEXER_PASSWORD = "S3cret-Ind3xeur!";
  private static final long MAX_BYTES = 64 * 1024;

  private static final String BILAN =
      "# Bilan 2024\n\n"
          + "L'antenne de Lyon compte 412 adhérents au 31 décembre.\n\n"
          + "## Permanences\n\n"
          + "- le mardi à Villeurbanne ;\n\n"
          + "- le jeudi à Vénissieux.";

  @TempDir static Path work;

  private static InMemoryCmisServer server;
  private static Instant populatedFrom;
  private static Instant populatedUntil;
  private static String nationalFolderId;
  private static String unfiledId;

  @BeforeAll
  static void startAndPopulate() throws Exception {
    server =
        InMemoryCmisServer.start(
            REPOSITORY, Map.of(ADMIN, ADMIN_PASSWORD, INDEXER, INDEXER_PASSWORD), work);
    populatedFrom = Instant.now();
    Session s = adminSession();
    Folder root = s.getRootFolder();
    Folder documents = folder(root, "Documents");
    Folder antennes = folder(documents, "antennes");
    Folder lyon = folder(antennes, "lyon");
    Folder lille = folder(antennes, "lille");
    Folder national = folder(documents, "national");
    Folder archives = folder(root, "Archives");
    nationalFolderId = national.getId();

    Document compteRendu =
        upload(
            lyon,
            "cmis:document",
            "compte-rendu-bureau.txt",
            "text/plain",
            docs("antennes/lyon/compte-rendu-bureau.txt"),
            Map.of());
    Document bilan =
        upload(
            lyon,
            "hubia:document",
            "bilan-2024.md",
            "text/markdown",
            BILAN.getBytes(StandardCharsets.UTF_8),
            Map.of(
                "cm:title",
                "Bilan 2024 de l'antenne de Lyon",
                "hubia:antenne",
                "lyon",
                "hubia:annee",
                2024,
                "hubia:motsCles",
                List.of("bilan", "adhésions")));
    Document permanences =
        upload(
            lille,
            "hubia:document",
            "permanences.html",
            "text/html; charset=UTF-8",
            ("<html><head><title>Permanences de l'antenne de Lille</title></head><body>"
                    + "<h1>Permanences</h1><p>Le lundi, rue Nationale.</p></body></html>")
                .getBytes(StandardCharsets.UTF_8),
            Map.of("hubia:antenne", "lille"));
    Document confidentiel =
        upload(
            lille,
            "cmis:document",
            "confidentiel.txt",
            "text/plain",
            "Réservé au bureau de Lille".getBytes(StandardCharsets.UTF_8),
            Map.of());

    upload(
        national,
        "cmis:document",
        "periode-essai.md",
        "text/markdown",
        docs("rh/periode-essai.md"),
        Map.of());
    upload(
        national,
        "cmis:document",
        "rupture-conventionnelle.html",
        "text/html",
        docs("juridique/rupture-conventionnelle.html"),
        Map.of());
    Path pdf = work.resolve("bareme.pdf");
    IngestFixtures.writePdf(
        pdf,
        "Barème des indemnités 2024",
        List.of(
            "Barème des indemnités de licenciement\nL'indemnité légale est due après huit mois."));
    Document bareme =
        upload(
            national,
            "cmis:document",
            "bareme.pdf",
            "application/pdf",
            Files.readAllBytes(pdf),
            Map.of());
    upload(
        national,
        "cmis:document",
        "notes-de-service.md",
        "application/octet-stream",
        "# Notes de service\n\nFermeture le 15 août.".getBytes(StandardCharsets.UTF_8),
        Map.of());
    upload(
        national,
        "cmis:document",
        "logo.png",
        "image/png",
        new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0},
        Map.of());
    upload(national, "cmis:document", "vide.txt", null, null, Map.of());
    upload(
        national,
        "cmis:document",
        "gros-rapport.txt",
        "text/plain",
        "Rapport annuel. ".repeat(8 * 1024).getBytes(StandardCharsets.UTF_8),
        Map.of());
    upload(
        archives,
        "hubia:document",
        "ancien-bilan.txt",
        "text/plain",
        "Bilan 2019 de l'antenne de Lyon".getBytes(StandardCharsets.UTF_8),
        Map.of("hubia:antenne", "lyon"));
    unfiledId = unfiled(s);

    // ACLs last: once an object's ACL no longer grants "anyone" all permissions, the administrator
    // may not change it any more. (The InMemory server has no ACL inheritance: propagating a
    // folder's ACL replaces those of its children.)
    Ace indexerReads = ace(INDEXER, "cmis:read");
    Ace anyoneAll = ace("anyone", "cmis:all");
    s.applyAcl(
        bilan,
        List.of(indexerReads, ace("lyon-branch", "cmis:read"), ace("direction", "cmis:all")),
        List.of(anyoneAll),
        AclPropagation.OBJECTONLY);
    s.applyAcl(
        lyon,
        List.of(indexerReads, ace("lyon-branch", "cmis:read")),
        List.of(anyoneAll),
        AclPropagation.OBJECTONLY);
    s.applyAcl(
        compteRendu,
        List.of(indexerReads, ace("lyon-branch", "cmis:read")),
        List.of(anyoneAll),
        AclPropagation.OBJECTONLY);
    // readable by the Lille branch only: the connector's user does not even see it
    s.applyAcl(
        confidentiel,
        List.of(ace("lille-branch", "cmis:read")),
        List.of(anyoneAll),
        AclPropagation.OBJECTONLY);
    for (ObjectId object : List.of(permanences, lille)) {
      s.applyAcl(
          object,
          List.of(indexerReads, ace("lille-branch", "cmis:read")),
          List.of(anyoneAll),
          AclPropagation.OBJECTONLY);
    }
    s.applyAcl(
        bareme,
        List.of(indexerReads, ace("juristes", "cmis:write"), ace("direction", "cmis:all")),
        List.of(anyoneAll),
        AclPropagation.OBJECTONLY);
    populatedUntil = Instant.now();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void folderModeReadsTheFolderTreeWithRelativeIdsAndSkipsWhatItCannotRead() throws Exception {
    ConnectorResult result = read(folderSpec("/Documents"));

    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly(
            "antennes/lille/permanences.html",
            "antennes/lyon/bilan-2024.md",
            "antennes/lyon/compte-rendu-bureau.txt",
            "national/bareme.pdf",
            "national/notes-de-service.md",
            "national/periode-essai.md",
            "national/rupture-conventionnelle.html");
    assertThat(result.skipped())
        .extracting(SkippedDocument::id, SkippedDocument::code)
        .containsExactly(
            tuple("national/gros-rapport.txt", SkipCode.TooLarge),
            tuple("national/logo.png", SkipCode.UnsupportedType),
            tuple("national/vide.txt", SkipCode.Empty));
    Map<String, SkippedDocument> skipped = skippedById(result);
    assertThat(skipped.get("national/gros-rapport.txt").reason())
        .isEqualTo("content is 128.0 KiB, more than the 64.0 KiB limit");
    assertThat(skipped.get("national/logo.png").reason())
        .isEqualTo(
            "unsupported content type image/png (supported: Markdown, plain text, HTML, PDF)");
    assertThat(skipped.get("national/vide.txt").reason())
        .isEqualTo("the document has no content stream");
    assertThat(result.documents())
        .allSatisfy(
            d -> {
              assertThat(d.source()).isEqualTo(SOURCE);
              assertThat(d.contentHash()).isEqualTo(TextNormalizer.sha256(d.text()));
              assertThat(d.updated()).isBetween(populatedFrom, populatedUntil);
              assertThat(d.metadataValues("cmis:lastModificationDate"))
                  .containsExactly(d.updated().toString());
              assertThat(d.metadataValues("cmis:createdBy")).containsExactly(ADMIN);
            });
  }

  @Test
  void documentsGetTitleTextMetadataAndAContentUrlThatServesThem() throws Exception {
    Map<String, SourceDocument> docs = byId(read(folderSpec("/Documents")));

    SourceDocument bilan = docs.get("antennes/lyon/bilan-2024.md");
    assertThat(bilan.title()).isEqualTo("Bilan 2024 de l'antenne de Lyon"); // cm:title
    assertThat(bilan.text()).isEqualTo(BILAN);
    assertThat(bilan.metadata())
        .containsEntry("hubia:antenne", List.of("lyon"))
        .containsEntry("hubia:annee", List.of("2024"))
        .containsEntry("hubia:motsCles", List.of("bilan", "adhésions"))
        .containsEntry("cmis:objectTypeId", List.of("hubia:document"))
        .containsEntry("cmis:name", List.of("bilan-2024.md"))
        .containsEntry("cmis:contentStreamMimeType", List.of("text/markdown"))
        .containsEntry("cmis:contentStreamLength", List.of(Integer.toString(utf8(BILAN).length)));
    assertThat(bilan.uri())
        .startsWith(server.url() + "/" + REPOSITORY + "/root?objectId=")
        .endsWith("&cmisselector=content");
    assertThat(fetchAsIndexer(bilan.uri())).isEqualTo(utf8(BILAN));

    // no title property: the document's own title (front matter), its labels and metadata
    SourceDocument periode = docs.get("national/periode-essai.md");
    assertThat(periode.title()).isEqualTo("La période d'essai du salarié");
    assertThat(periode.uri()).isEqualTo("https://intranet.federation.example/rh/periode-essai");
    assertThat(periode.labels()).containsExactly("rh", "salaries");
    assertThat(periode.metadata())
        .containsEntry("auteur", List.of("Service juridique"))
        .containsEntry("cmis:objectTypeId", List.of("cmis:document"));
    assertThat(periode.text()).startsWith("# La période d'essai du salarié\n\nLa période d'essai");

    assertThat(docs.get("antennes/lyon/compte-rendu-bureau.txt").title())
        .isEqualTo("Compte rendu de la réunion du bureau de l'antenne de Lyon");
    assertThat(docs.get("antennes/lille/permanences.html").title())
        .isEqualTo("Permanences de l'antenne de Lille");
    assertThat(docs.get("antennes/lille/permanences.html").text())
        .isEqualTo("# Permanences\n\nLe lundi, rue Nationale.");
    SourceDocument bareme = docs.get("national/bareme.pdf");
    assertThat(bareme.title()).isEqualTo("Barème des indemnités 2024");
    assertThat(bareme.text()).contains("L'indemnité légale est due après huit mois.");
    // sent as application/octet-stream: the file name tells Markdown
    assertThat(docs.get("national/notes-de-service.md").text())
        .isEqualTo("# Notes de service\n\nFermeture le 15 août.");
  }

  @Test
  void aSubFolderGivesIdsRelativeToItself() throws Exception {
    ConnectorResult result = read(folderSpec("Documents/antennes/"));

    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly(
            "lille/permanences.html", "lyon/bilan-2024.md", "lyon/compte-rendu-bureau.txt");
    assertThat(result.skipped()).isEmpty();
  }

  @Test
  void aclPrincipalsAreThoseTheAclLetsRead() throws Exception {
    Map<String, List<String>> principals =
        read(folderSpec("/Documents")).documents().stream()
            .collect(Collectors.toMap(SourceDocument::id, SourceDocument::aclPrincipals));

    assertThat(principals)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "antennes/lille/permanences.html", List.of(INDEXER, "lille-branch"),
                "antennes/lyon/bilan-2024.md", List.of("direction", INDEXER, "lyon-branch"),
                "antennes/lyon/compte-rendu-bureau.txt", List.of(INDEXER, "lyon-branch"),
                "national/bareme.pdf", List.of("direction", INDEXER, "juristes"),
                "national/notes-de-service.md", List.of("anyone"),
                "national/periode-essai.md", List.of("anyone"),
                "national/rupture-conventionnelle.html", List.of("anyone")));
  }

  @Test
  void mapAclsFalseLeavesThePrincipalsOut() throws Exception {
    CmisSource spec = folderSpec("/Documents");
    spec.setMapAcls(false);

    ConnectorResult result = read(spec);

    assertThat(result.documents())
        .hasSize(7)
        .allSatisfy(d -> assertThat(d.aclPrincipals()).isEmpty());
  }

  @Test
  void queryModeOnAPropertyTakesTheMatchingDocumentsWithIdsFromTheRoot() throws Exception {
    ConnectorResult result =
        read(querySpec("SELECT * FROM hubia:document WHERE hubia:antenne = 'lyon'"));

    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly("Archives/ancien-bilan.txt", "Documents/antennes/lyon/bilan-2024.md");
    assertThat(result.skipped()).isEmpty();
    SourceDocument bilan = result.documents().get(1);
    assertThat(bilan.title()).isEqualTo("Bilan 2024 de l'antenne de Lyon");
    assertThat(bilan.aclPrincipals()).containsExactly("direction", INDEXER, "lyon-branch");
  }

  @Test
  void queryModeOnAFolderSkipsWhatItCannotRead() throws Exception {
    ConnectorResult result =
        read(
            querySpec(
                "SELECT cmis:objectId FROM cmis:document WHERE IN_FOLDER('"
                    + nationalFolderId
                    + "')"));

    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly(
            "Documents/national/bareme.pdf",
            "Documents/national/notes-de-service.md",
            "Documents/national/periode-essai.md",
            "Documents/national/rupture-conventionnelle.html");
    assertThat(result.skipped())
        .extracting(SkippedDocument::id, SkippedDocument::code)
        .containsExactly(
            tuple("Documents/national/gros-rapport.txt", SkipCode.TooLarge),
            tuple("Documents/national/logo.png", SkipCode.UnsupportedType),
            tuple("Documents/national/vide.txt", SkipCode.Empty));
  }

  @Test
  void anUnfiledDocumentIsKnownByItsObjectId() throws Exception {
    ConnectorResult result =
        read(querySpec("SELECT * FROM cmis:document WHERE cmis:name = 'sans-dossier.txt'"));

    assertThat(result.documents()).extracting(SourceDocument::id).containsExactly(unfiledId);
    assertThat(result.documents().get(0).text()).isEqualTo("Note sans dossier");
  }

  @Test
  void theDocumentLimitStopsThePassWithOneEntryCountingWhatIsLeftOut() throws Exception {
    ConnectorResult result =
        new CmisConnector(
                SOURCE,
                folderSpec("/Documents"),
                secrets(INDEXER_PASSWORD),
                formats(),
                MAX_BYTES,
                3)
            .read();

    // folders in name order: antennes/lille, antennes/lyon, then national
    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly(
            "antennes/lille/permanences.html",
            "antennes/lyon/bilan-2024.md",
            "antennes/lyon/compte-rendu-bureau.txt");
    assertThat(result.skipped()).hasSize(1);
    SkippedDocument limit = result.skipped().get(0);
    assertThat(limit.code()).isEqualTo(SkipCode.LimitReached);
    assertThat(limit.id()).startsWith("national/");
    assertThat(limit.reason())
        .isEqualTo("limit of 3 documents per pass reached: 7 documents left out, from this one on");
  }

  @Test
  void inQueryModeTheLimitEntryNamesTheFirstDocumentLeftOutByItsPath() throws Exception {
    ConnectorResult result =
        new CmisConnector(
                SOURCE,
                querySpec(
                    "SELECT * FROM cmis:document WHERE IN_FOLDER('" + nationalFolderId + "')"),
                secrets(INDEXER_PASSWORD),
                formats(),
                MAX_BYTES,
                1)
            .read();

    List<SkippedDocument> limits =
        result.skipped().stream().filter(s -> s.code() == SkipCode.LimitReached).toList();
    assertThat(limits).hasSize(1);
    assertThat(limits.get(0).id()).startsWith("Documents/national/");
    assertThat(limits.get(0).reason())
        .isEqualTo("limit of 1 documents per pass reached: 6 documents left out, from this one on");
    assertThat(result.documents().size() + result.skipped().size()).isEqualTo(2);
  }

  @Test
  void aWrongPasswordIsRefusedWithoutShowingIt() {
    String wrong = "Mauvais-M0t-de-passe";

    assertThatThrownBy(
            () ->
                new CmisConnector(
                        SOURCE, folderSpec("/Documents"), secrets(wrong), formats(), MAX_BYTES)
                    .read())
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("source ged: the CMIS server at " + server.url())
        .hasMessageContaining("refused the credentials (HTTP 401)")
        .hasMessageContaining("key 'password' of Secret 'ged-cmis'")
        .message()
        .doesNotContain(wrong, INDEXER_PASSWORD, INDEXER);
  }

  @Test
  void anUnknownFolderIsASourceFailure() {
    assertThatThrownBy(() -> read(folderSpec("/Documents/inconnu")))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessage(
            "source ged: folder '/Documents/inconnu' not found in repository 'federation': check"
                + " cmis.folder, a path from the repository root (Alfresco:"
                + " /Sites/<site>/documentLibrary/...)");
  }

  @Test
  void aDocumentPathIsNotAFolder() {
    assertThatThrownBy(() -> read(folderSpec("/Documents/national/periode-essai.md")))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("is a cmis:document, not a folder");
  }

  @Test
  void anUnknownRepositoryIsASourceFailureThatListsTheRepositories() {
    CmisSource spec = folderSpec("/Documents");
    spec.setRepositoryId("inconnu");

    assertThatThrownBy(() -> read(spec))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("repository 'inconnu' not found at " + server.url())
        .hasMessageContaining("(repositories: federation)");
  }

  @Test
  void anInvalidQueryIsASourceFailure() {
    assertThatThrownBy(() -> read(querySpec("SELECT * FROM pas:un:type WHERE")))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageStartingWith("source ged: the repository refused cmis.query: ");
  }

  @Test
  void aServerThatIsDownIsASourceFailure() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    CmisSource spec = folderSpec("/Documents");
    spec.setUrl("http://127.0.0.1:" + port + "/cmis/browser");

    assertThatThrownBy(() -> read(spec))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("cannot reach the CMIS server at http://127.0.0.1:" + port)
        .hasMessageContaining("Check cmis.url");
  }

  // ---------------------------------------------------------------------------------------------

  private static ConnectorResult read(CmisSource spec) throws SourceUnavailableException {
    return new CmisConnector(SOURCE, spec, secrets(INDEXER_PASSWORD), formats(), MAX_BYTES).read();
  }

  private static DocumentFormats formats() {
    return new DocumentFormats(1_000_000);
  }

  private static CmisSource folderSpec(String folder) {
    CmisSource spec = baseSpec();
    spec.setFolder(folder);
    return spec;
  }

  private static CmisSource querySpec(String query) {
    CmisSource spec = baseSpec();
    spec.setQuery(query);
    return spec;
  }

  private static CmisSource baseSpec() {
    CmisSource spec = new CmisSource();
    spec.setUrl(server.url());
    spec.setUsernameSecretRef(ref("username"));
    spec.setPasswordSecretRef(ref("password"));
    return spec;
  }

  private static SecretKeyRef ref(String key) {
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName("ged-cmis");
    ref.setKey(key);
    return ref;
  }

  private static SecretValues secrets(String password) {
    return ref -> ref.getKey().equals("username") ? INDEXER : password;
  }

  private static Map<String, SourceDocument> byId(ConnectorResult result) {
    return result.documents().stream()
        .collect(Collectors.toMap(SourceDocument::id, Function.identity()));
  }

  private static Map<String, SkippedDocument> skippedById(ConnectorResult result) {
    return result.skipped().stream()
        .collect(Collectors.toMap(SkippedDocument::id, Function.identity()));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] fetchAsIndexer(String uri) throws Exception {
    String basic = Base64.getEncoder().encodeToString(utf8(INDEXER + ":" + INDEXER_PASSWORD));
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(uri))
                    .header("Authorization", "Basic " + basic)
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  // --- populating the repository, as its administrator -----------------------------------------

  private static Session adminSession() {
    Map<String, String> parameters = new HashMap<>();
    parameters.put(SessionParameter.BINDING_TYPE, BindingType.BROWSER.value());
    parameters.put(SessionParameter.BROWSER_URL, server.url());
    parameters.put(SessionParameter.USER, ADMIN);
    parameters.put(SessionParameter.PASSWORD, ADMIN_PASSWORD);
    parameters.put(SessionParameter.REPOSITORY_ID, REPOSITORY);
    return SessionFactoryImpl.newInstance().createSession(parameters);
  }

  private static Folder folder(Folder parent, String name) {
    return parent.createFolder(
        Map.of(PropertyIds.OBJECT_TYPE_ID, "cmis:folder", PropertyIds.NAME, name));
  }

  private static Document upload(
      Folder folder,
      String type,
      String name,
      String mimeType,
      byte[] content,
      Map<String, Object> properties) {
    Map<String, Object> all = new HashMap<>(properties);
    all.put(PropertyIds.OBJECT_TYPE_ID, type);
    all.put(PropertyIds.NAME, name);
    return folder.createDocument(all, stream(name, mimeType, content), VersioningState.NONE);
  }

  private static String unfiled(Session session) {
    Map<String, Object> properties =
        Map.of(PropertyIds.OBJECT_TYPE_ID, "cmis:document", PropertyIds.NAME, "sans-dossier.txt");
    ObjectId id =
        session.createDocument(
            properties,
            null,
            stream("sans-dossier.txt", "text/plain", utf8("Note sans dossier")),
            VersioningState.NONE);
    return id.getId();
  }

  private static ContentStream stream(String name, String mimeType, byte[] content) {
    if (content == null) {
      return null;
    }
    return new ContentStreamImpl(
        name, BigInteger.valueOf(content.length), mimeType, new ByteArrayInputStream(content));
  }

  private static Ace ace(String principal, String permission) {
    return new AccessControlEntryImpl(
        new AccessControlPrincipalDataImpl(principal), List.of(permission));
  }

  private static byte[] docs(String path) throws Exception {
    return Files.readAllBytes(IngestFixtures.resource("ingest/docs/" + path));
  }
}
