package io.hubia.runtime.ingest.cmis;

import io.hubia.api.v1alpha1.spec.CmisSource;
import io.hubia.runtime.ingest.ConnectorResult;
import io.hubia.runtime.ingest.SecretValues;
import io.hubia.runtime.ingest.SkipCode;
import io.hubia.runtime.ingest.SkippedDocument;
import io.hubia.runtime.ingest.SourceConnector;
import io.hubia.runtime.ingest.SourceDocument;
import io.hubia.runtime.ingest.SourceUnavailableException;
import io.hubia.runtime.ingest.format.DocumentFormats;
import io.hubia.runtime.ingest.format.UnreadableDocumentException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.chemistry.opencmis.client.api.CmisObject;
import org.apache.chemistry.opencmis.client.api.Document;
import org.apache.chemistry.opencmis.client.api.Folder;
import org.apache.chemistry.opencmis.client.api.OperationContext;
import org.apache.chemistry.opencmis.client.api.Session;
import org.apache.chemistry.opencmis.commons.data.RepositoryCapabilities;
import org.apache.chemistry.opencmis.commons.data.RepositoryInfo;
import org.apache.chemistry.opencmis.commons.enums.CapabilityAcl;
import org.apache.chemistry.opencmis.commons.enums.IncludeRelationships;
import org.apache.chemistry.opencmis.commons.exceptions.CmisBaseException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisConnectionException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisObjectNotFoundException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisPermissionDeniedException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisUnauthorizedException;
import org.jboss.logging.Logger;

/**
 * Reads the documents of a {@code Cmis} source: a repository of a document management system
 * (Alfresco, Nuxeo...) through the CMIS Browser binding, with Apache Chemistry OpenCMIS.
 *
 * <p>Selection: {@code cmis.folder}, that folder's documents and those of its sub-folders ({@link
 * FolderWalk}), ids relative to the folder; or {@code cmis.query}, the documents a CMIS query
 * selects ({@link QuerySelection}), ids from the repository root. At most {@value #MAX_DOCUMENTS}
 * documents are taken per pass: past that, one {@link SkipCode#LimitReached} entry names the first
 * left out and counts them. Each document is read by {@link CmisDocumentReader}: content in
 * Markdown, text, HTML or PDF, repository properties as metadata, and, unless {@code cmis.mapAcls}
 * is false, the principals its ACL lets read ({@link AclPrincipals}), which label rules turn into
 * labels.
 *
 * <p>Failures: a document that cannot be taken is skipped with a precise reason and the pass goes
 * on. A source that cannot be read as a whole (server unreachable, credentials refused, unknown
 * repository, missing folder, refused query, server lost during the pass) throws {@link
 * SourceUnavailableException}, whose message says what to fix and never holds the credentials. The
 * user name and password are read from the source's Secret keys at each pass and never logged.
 *
 * <p>Each pass opens its own session; the connector keeps no state between passes but whether it
 * has already said that the repository has no ACLs. Not thread-safe: one pass at a time.
 */
public final class CmisConnector implements SourceConnector {
  /** Documents taken per pass at most. */
  public static final int MAX_DOCUMENTS = 50_000;

  /** Deepest sub-folder walked in folder mode, the folder itself being at depth 0. */
  public static final int MAX_FOLDER_DEPTH = 32;

  /** Time to open a connection to the server. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Time to wait for the server's next bytes once connected. */
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  /** Objects per page of a folder listing or a query's results. */
  static final int PAGE_SIZE = 500;

  private static final Logger LOG = Logger.getLogger(CmisConnector.class);

  private final String sourceName;
  private final CmisSource spec;
  private final SecretValues secrets;
  private final DocumentFormats formats;
  private final long maxDocumentBytes;
  private final int maxDocuments;
  private boolean noAclsLogged;

  /**
   * @param sourceName the source's name in the RetrievalIndex
   * @param spec the source's {@code cmis} settings
   * @param secrets where the user name and password are read from
   * @param formats the document readers
   * @param maxDocumentBytes documents whose content is larger are skipped ({@link
   *     SkipCode#TooLarge}) without being downloaded past this size
   */
  public CmisConnector(
      String sourceName,
      CmisSource spec,
      SecretValues secrets,
      DocumentFormats formats,
      long maxDocumentBytes) {
    this(sourceName, spec, secrets, formats, maxDocumentBytes, MAX_DOCUMENTS);
  }

  CmisConnector(
      String sourceName,
      CmisSource spec,
      SecretValues secrets,
      DocumentFormats formats,
      long maxDocumentBytes,
      int maxDocuments) {
    this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.formats = Objects.requireNonNull(formats, "formats");
    if (maxDocumentBytes <= 0 || maxDocuments <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.maxDocumentBytes = maxDocumentBytes;
    this.maxDocuments = maxDocuments;
  }

  /**
   * One pass over the folder or the query's results.
   *
   * @throws SourceUnavailableException when the source as a whole cannot be read
   */
  @Override
  public ConnectorResult read() throws SourceUnavailableException {
    long start = System.nanoTime();
    String folder = blankToNull(spec.getFolder());
    String query = blankToNull(spec.getQuery());
    if ((folder == null) == (query == null)) {
      throw new SourceUnavailableException(
          "source "
              + sourceName
              + ": a CMIS source needs exactly one of cmis.folder and cmis.query");
    }
    String folderPath = null;
    if (folder != null) {
      try {
        folderPath = CmisIds.folderPath(folder);
      } catch (IllegalArgumentException e) {
        throw new SourceUnavailableException("source " + sourceName + ": " + e.getMessage());
      }
    }
    CmisSessions.Credentials credentials = CmisSessions.credentials(sourceName, spec, secrets);
    Session session =
        CmisSessions.open(sourceName, spec, credentials, CONNECT_TIMEOUT, READ_TIMEOUT);
    RepositoryInfo repository = session.getRepositoryInfo();
    OperationContext context = documentContext(session);
    Pass pass =
        new Pass(
            new CmisDocumentReader(
                sourceName, session, formats, maxDocumentBytes, acls(repository)),
            credentials);
    String selection = folder != null ? "folder " + folderPath : "query";
    try {
      if (folderPath != null) {
        new FolderWalk(context, MAX_FOLDER_DEPTH)
            .walk(folder(session, repository, folderPath, context, credentials), pass);
      } else {
        new QuerySelection(sourceName, session, context).run(query, pass);
      }
    } catch (CmisBaseException e) {
      throw selectionFailure(e, folderPath, credentials);
    }
    ConnectorResult result = pass.result();
    LOG.infof(
        "source %s: CMIS repository %s, %s: %d documents read, %d skipped in %d ms",
        sourceName,
        repository.getId(),
        selection,
        result.documents().size(),
        result.skipped().size(),
        (System.nanoTime() - start) / 1_000_000);
    return result;
  }

  /** How to read ACLs, or {@code null} when they are not mapped or the repository has none. */
  private AclPrincipals acls(RepositoryInfo repository) {
    if (Boolean.FALSE.equals(spec.getMapAcls())) {
      return null;
    }
    RepositoryCapabilities capabilities = repository.getCapabilities();
    CapabilityAcl capability = capabilities == null ? null : capabilities.getAclCapability();
    if (capability == null || capability == CapabilityAcl.NONE) {
      if (!noAclsLogged) {
        LOG.infof(
            "source %s: repository %s has no ACLs (capabilityACL none): documents get no ACL"
                + " principals, only label rules on paths and metadata apply",
            sourceName, repository.getId());
        noAclsLogged = true;
      }
      return null;
    }
    return AclPrincipals.of(repository);
  }

  /** What is fetched of each listed or selected object: its properties, nothing more. */
  private static OperationContext documentContext(Session session) {
    OperationContext context = session.createOperationContext();
    context.setFilterString("*");
    context.setIncludeAcls(false);
    context.setIncludeAllowableActions(false);
    context.setIncludePolicies(false);
    context.setIncludeRelationships(IncludeRelationships.NONE);
    context.setRenditionFilterString("cmis:none");
    context.setIncludePathSegments(false);
    // properties of secondary types, such as Alfresco's cm:title (aspect cm:titled)
    context.setLoadSecondaryTypeProperties(true);
    context.setCacheEnabled(false);
    context.setMaxItemsPerPage(PAGE_SIZE);
    return context;
  }

  private Folder folder(
      Session session,
      RepositoryInfo repository,
      String path,
      OperationContext context,
      CmisSessions.Credentials credentials)
      throws SourceUnavailableException {
    CmisObject object;
    try {
      object = session.getObjectByPath(path, context);
    } catch (CmisObjectNotFoundException e) {
      throw new SourceUnavailableException(
          "source "
              + sourceName
              + ": folder '"
              + path
              + "' not found in repository '"
              + repository.getId()
              + "': check cmis.folder, a path from the repository root (Alfresco:"
              + " /Sites/<site>/documentLibrary/...)");
    } catch (CmisPermissionDeniedException e) {
      throw new SourceUnavailableException(
          "source "
              + sourceName
              + ": the repository denies this user access to folder '"
              + path
              + "': grant the account of the Secret '"
              + spec.getUsernameSecretRef().getName()
              + "' read access to it");
    } catch (CmisBaseException e) {
      throw selectionFailure(e, path, credentials);
    }
    if (object instanceof Folder found) {
      return found;
    }
    throw new SourceUnavailableException(
        "source "
            + sourceName
            + ": '"
            + path
            + "' is a "
            + (object.getBaseTypeId() == null ? "object" : object.getBaseTypeId().value())
            + ", not a folder: check cmis.folder");
  }

  private SourceUnavailableException selectionFailure(
      CmisBaseException e, String folderPath, CmisSessions.Credentials credentials) {
    String detail = CmisFailures.describe(e);
    String message;
    if (e instanceof CmisConnectionException) {
      message = "the CMIS server at " + spec.getUrl() + " stopped answering: " + detail;
    } else if (e instanceof CmisUnauthorizedException) {
      message = "the CMIS server no longer accepts the credentials (HTTP 401): " + detail;
    } else if (folderPath != null) {
      message = "folder '" + folderPath + "' cannot be listed: " + detail;
    } else {
      message =
          "the repository refused cmis.query: "
              + detail
              + ". Check the query, e.g. SELECT * FROM cmis:document WHERE"
              + " IN_TREE('<folder id>')";
    }
    return new SourceUnavailableException(
        CmisFailures.redact("source " + sourceName + ": " + message, credentials), e);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** One pass: reads the documents handed by the selection, up to the limit. */
  private final class Pass implements DocumentSink {
    private final CmisDocumentReader reader;
    private final CmisSessions.Credentials credentials;
    private final List<SourceDocument> documents = new ArrayList<>();
    private final List<SkippedDocument> skipped = new ArrayList<>();
    private int taken;
    private int leftOut;
    private String firstLeftOut;

    Pass(CmisDocumentReader reader, CmisSessions.Credentials credentials) {
      this.reader = reader;
      this.credentials = credentials;
    }

    @Override
    public boolean accepting() {
      return taken < maxDocuments;
    }

    @Override
    public void document(String id, Document document) throws SourceUnavailableException {
      taken++;
      try {
        documents.add(reader.read(id, document));
        LOG.debugf("source %s: read %s", sourceName, id);
      } catch (UnreadableDocumentException e) {
        skipped(id, e.code(), e.getMessage());
      } catch (CmisObjectNotFoundException e) {
        LOG.debugf("source %s: %s removed during the pass", sourceName, id);
      } catch (CmisBaseException e) {
        if (CmisFailures.sourceLevel(e)) {
          throw new SourceUnavailableException(
              CmisFailures.redact(
                  "source "
                      + sourceName
                      + ": the CMIS server at "
                      + spec.getUrl()
                      + " failed while "
                      + id
                      + " was read, so the pass is abandoned: "
                      + CmisFailures.describe(e),
                  credentials),
              e);
        }
        skipped(id, CmisFailures.skipCode(e), CmisFailures.skipReason(e));
      } catch (IOException e) {
        skipped(id, SkipCode.Unreachable, "download broken off: " + CmisFailures.describe(e));
      } catch (RuntimeException | StackOverflowError e) {
        // a parser bug on one hostile document must not stop the source
        LOG.warnf(e, "source %s: unexpected failure reading %s", sourceName, id);
        skipped(
            id,
            SkipCode.Corrupt,
            "unexpected failure reading the document: "
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + CmisFailures.describe(e)));
      }
    }

    @Override
    public void leftOut(Supplier<String> id) {
      if (leftOut == 0) {
        firstLeftOut = id.get();
      }
      leftOut++;
    }

    @Override
    public void skipped(String id, SkipCode code, String reason) {
      LOG.debugf("source %s: skipped %s (%s): %s", sourceName, id, code, reason);
      skipped.add(new SkippedDocument(sourceName, id, code, reason));
    }

    ConnectorResult result() {
      List<SkippedDocument> all = new ArrayList<>(skipped);
      if (leftOut > 0) {
        all.add(
            new SkippedDocument(
                sourceName,
                firstLeftOut,
                SkipCode.LimitReached,
                "limit of "
                    + maxDocuments
                    + " documents per pass reached: "
                    + leftOut
                    + (leftOut == 1 ? " document" : " documents")
                    + " left out, from this one on"));
      }
      return new ConnectorResult(documents, all);
    }
  }
}
