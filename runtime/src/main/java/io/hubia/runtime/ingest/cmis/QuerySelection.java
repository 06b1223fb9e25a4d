package io.hubia.runtime.ingest.cmis;

import io.hubia.runtime.ingest.SkipCode;
import io.hubia.runtime.ingest.SourceUnavailableException;
import org.apache.chemistry.opencmis.client.api.CmisObject;
import org.apache.chemistry.opencmis.client.api.Document;
import org.apache.chemistry.opencmis.client.api.OperationContext;
import org.apache.chemistry.opencmis.client.api.QueryResult;
import org.apache.chemistry.opencmis.client.api.Session;
import org.apache.chemistry.opencmis.commons.PropertyIds;
import org.apache.chemistry.opencmis.commons.exceptions.CmisBaseException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisObjectNotFoundException;
import org.jboss.logging.Logger;

/**
 * The documents a CMIS query selects ({@code SELECT * FROM cmis:document WHERE ...}, or any query
 * whose results carry {@code cmis:objectId}): each result's object is fetched, and its id is its
 * path from the repository root ({@link CmisIds#queryId}). Latest versions only. A result that is
 * not a document (a query on {@code cmis:folder}) is skipped as {@link SkipCode#UnsupportedType};
 * one removed since the query ran is ignored.
 */
final class QuerySelection {
  private static final Logger LOG = Logger.getLogger(QuerySelection.class);

  private final String sourceName;
  private final Session session;
  private final OperationContext context;

  /**
   * @param context what to fetch of each document (its properties), also the query's page size
   */
  QuerySelection(String sourceName, Session session, OperationContext context) {
    this.sourceName = sourceName;
    this.session = session;
    this.context = context;
  }

  /**
   * Runs {@code statement}.
   *
   * @throws CmisBaseException when the repository refuses the query or fails as a whole
   * @throws SourceUnavailableException when the results carry no {@code cmis:objectId}, or from the
   *     sink
   */
  void run(String statement, DocumentSink sink) throws SourceUnavailableException {
    for (QueryResult result : session.query(statement, false, context)) {
      String objectId = objectId(result);
      if (objectId == null) {
        throw new SourceUnavailableException(
            "source "
                + sourceName
                + ": the results of cmis.query have no cmis:objectId, so their documents cannot"
                + " be fetched: select it (SELECT cmis:objectId, ... or SELECT * FROM ...)");
      }
      if (!sink.accepting()) {
        sink.leftOut(() -> idOf(objectId));
        continue;
      }
      CmisObject object;
      String id;
      try {
        object = session.getObject(objectId, context);
        id =
            object instanceof Document document
                ? CmisIds.queryId(document.getPaths(), document.getId())
                : objectId;
      } catch (CmisObjectNotFoundException e) {
        LOG.debugf("source %s: %s removed since the query ran", sourceName, objectId);
        continue;
      } catch (CmisBaseException e) {
        if (CmisFailures.sourceLevel(e)) {
          throw e;
        }
        sink.skipped(objectId, CmisFailures.skipCode(e), CmisFailures.skipReason(e));
        continue;
      }
      if (object instanceof Document document) {
        sink.document(id, document);
      } else {
        sink.skipped(
            objectId,
            SkipCode.UnsupportedType,
            "the query selected a "
                + (object.getBaseTypeId() == null ? "object" : object.getBaseTypeId().value())
                + ", not a document");
      }
    }
  }

  private String idOf(String objectId) {
    try {
      CmisObject object = session.getObject(objectId, context);
      return object instanceof Document document
          ? CmisIds.queryId(document.getPaths(), document.getId())
          : objectId;
    } catch (CmisBaseException e) {
      return objectId;
    }
  }

  private static String objectId(QueryResult result) {
    Object byId = result.getPropertyValueById(PropertyIds.OBJECT_ID);
    if (byId != null) {
      return byId.toString();
    }
    Object byQueryName = result.getPropertyValueByQueryName(PropertyIds.OBJECT_ID);
    return byQueryName == null ? null : byQueryName.toString();
  }
}
