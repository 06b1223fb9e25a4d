package io.hubia.runtime.ingest.cmis;

import io.hubia.runtime.ingest.SkipCode;
import io.hubia.runtime.ingest.SourceDocument;
import io.hubia.runtime.ingest.format.DocumentFormats;
import io.hubia.runtime.ingest.format.ParsedDocument;
import io.hubia.runtime.ingest.format.UnreadableDocumentException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.chemistry.opencmis.client.api.Document;
import org.apache.chemistry.opencmis.client.api.Session;
import org.apache.chemistry.opencmis.commons.data.Acl;
import org.apache.chemistry.opencmis.commons.data.ContentStream;
import org.apache.chemistry.opencmis.commons.exceptions.CmisBaseException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisPermissionDeniedException;

/**
 * Reads one CMIS document into a {@link SourceDocument}.
 *
 * <ul>
 *   <li>Content: the document's content stream, refused before any download when the repository
 *       gives no stream ({@link SkipCode#Empty}), a type no reader handles ({@link
 *       SkipCode#UnsupportedType}) or a {@code cmis:contentStreamLength} over the limit ({@link
 *       SkipCode#TooLarge}); the download itself stops one byte past the limit, whatever length was
 *       announced.
 *   <li>Title: the repository's title property ({@link CmisMetadata#TITLE_PROPERTIES}), else the
 *       document's own title (front matter, HTML {@code <title>}, PDF information, first heading or
 *       line), else {@code cmis:name}.
 *   <li>Uri: a link the document declares (front matter {@code uri}), else the Browser binding URL
 *       of its content ({@code <url>/<repository>/root?objectId=...&cmisselector=content}), which
 *       serves the document to whoever may read it in the repository.
 *   <li>Updated: {@code cmis:lastModificationDate}, else the document's own date.
 *   <li>Metadata: the document's own (front matter, HTML meta, PDF information) and its CMIS
 *       properties ({@link CmisMetadata}), the properties winning on a shared name.
 *   <li>ACL principals: when ACLs are mapped, the principals that its ACL lets read ({@link
 *       AclPrincipals}), asked with {@code onlyBasicPermissions} so that every repository answers
 *       in CMIS permissions. A document whose ACL cannot be read is skipped rather than indexed
 *       without it.
 * </ul>
 *
 * <p>Failures of the repository are thrown as they come ({@link CmisBaseException}) for the caller
 * to tell a document's failure from the source's ({@link CmisFailures}).
 */
final class CmisDocumentReader {
  private final String sourceName;
  private final Session session;
  private final DocumentFormats formats;
  private final long maxDocumentBytes;
  private final AclPrincipals acls;

  /**
   * @param acls how to read ACLs, or {@code null} when they are not mapped
   */
  CmisDocumentReader(
      String sourceName,
      Session session,
      DocumentFormats formats,
      long maxDocumentBytes,
      AclPrincipals acls) {
    this.sourceName = sourceName;
    this.session = session;
    this.formats = formats;
    this.maxDocumentBytes = maxDocumentBytes;
    this.acls = acls;
  }

  /**
   * Reads {@code document} under {@code id}.
   *
   * @throws UnreadableDocumentException when the document is refused, with its reason
   * @throws IOException when the download breaks off
   */
  SourceDocument read(String id, Document document)
      throws UnreadableDocumentException, IOException {
    String name = document.getName();
    String streamFileName = document.getContentStreamFileName();
    String fileName = streamFileName == null || streamFileName.isBlank() ? name : streamFileName;
    String mimeType = document.getContentStreamMimeType();
    long length = document.getContentStreamLength();
    if (length < 0 && mimeType == null && streamFileName == null) {
      throw new UnreadableDocumentException(SkipCode.Empty, "the document has no content stream");
    }
    if (length == 0) {
      throw new UnreadableDocumentException(SkipCode.Empty, "empty content stream");
    }
    DocumentFormats.Format format = CmisContent.format(mimeType, fileName);
    if (length > maxDocumentBytes) {
      throw CmisContent.tooLarge(
          "content is " + CmisContent.size(length) + ", more than", maxDocumentBytes);
    }
    List<String> principals = principals(document);
    byte[] bytes = download(document);
    ParsedDocument parsed = formats.read(format, bytes);

    Map<String, List<String>> metadata = new LinkedHashMap<>();
    if (parsed.metadata() != null) {
      metadata.putAll(parsed.metadata());
    }
    metadata.putAll(CmisMetadata.of(document.getProperties()));
    String title =
        CmisMetadata.title(document.getProperties())
            .orElse(
                parsed.title() != null && !parsed.title().isBlank()
                    ? parsed.title()
                    : name == null || name.isBlank() ? id : name);
    Instant updated =
        document.getLastModificationDate() != null
            ? document.getLastModificationDate().toInstant()
            : parsed.updated();
    String uri = parsed.uri() != null ? parsed.uri() : document.getContentUrl();
    SourceDocument result =
        SourceDocument.of(
            sourceName,
            id,
            title,
            uri,
            parsed.text(),
            metadata,
            parsed.labels(),
            principals,
            updated);
    if (result.text().isEmpty()) {
      throw new UnreadableDocumentException(SkipCode.Empty, "no text once read");
    }
    return result;
  }

  private List<String> principals(Document document) throws UnreadableDocumentException {
    if (acls == null) {
      return List.of();
    }
    Acl acl;
    try {
      acl = session.getAcl(document, true);
    } catch (CmisBaseException e) {
      if (CmisFailures.sourceLevel(e)) {
        throw e;
      }
      throw new UnreadableDocumentException(
          e instanceof CmisPermissionDeniedException ? SkipCode.AccessDenied : SkipCode.HttpError,
          "its ACL cannot be read, so who may read it is unknown: " + CmisFailures.describe(e));
    }
    return acls.principals(acl);
  }

  private byte[] download(Document document) throws UnreadableDocumentException, IOException {
    ContentStream content = document.getContentStream();
    if (content == null || content.getStream() == null) {
      throw new UnreadableDocumentException(SkipCode.Empty, "the document has no content stream");
    }
    try (InputStream in = content.getStream()) {
      byte[] bytes = CmisContent.readAtMost(in, maxDocumentBytes);
      if (bytes.length == 0) {
        throw new UnreadableDocumentException(SkipCode.Empty, "empty content stream");
      }
      return bytes;
    }
  }
}
