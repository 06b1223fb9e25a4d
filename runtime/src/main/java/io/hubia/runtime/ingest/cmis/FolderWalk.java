package io.hubia.runtime.ingest.cmis;

import io.hubia.runtime.ingest.SkipCode;
import io.hubia.runtime.ingest.SourceUnavailableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.chemistry.opencmis.client.api.CmisObject;
import org.apache.chemistry.opencmis.client.api.Document;
import org.apache.chemistry.opencmis.client.api.Folder;
import org.apache.chemistry.opencmis.client.api.OperationContext;
import org.apache.chemistry.opencmis.commons.exceptions.CmisBaseException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisObjectNotFoundException;
import org.jboss.logging.Logger;

/**
 * The documents of a folder and of its sub-folders, depth first: a folder's documents, then its
 * sub-folders in name order, so that the walk is the same from one pass to the next. Ids are paths
 * relative to the folder ({@link CmisIds#child}).
 *
 * <p>Sub-folders deeper than {@code maxDepth} are not walked ({@link SkipCode#LimitReached}, id
 * {@code path/}). A sub-folder the repository does not let the user list is skipped ({@link
 * SkipCode#AccessDenied}); one removed during the walk is ignored. A document filed in several of
 * the walked folders is taken once, under the first path met. Items, policies and relationships are
 * not documents and are passed over.
 */
final class FolderWalk {
  private static final Logger LOG = Logger.getLogger(FolderWalk.class);

  private final OperationContext context;
  private final int maxDepth;

  /**
   * @param context what to fetch of each child (properties of documents)
   * @param maxDepth deepest sub-folder walked, the folder itself being at depth 0
   */
  FolderWalk(OperationContext context, int maxDepth) {
    this.context = context;
    this.maxDepth = maxDepth;
  }

  private record Pending(Folder folder, String id, int depth) {}

  /**
   * Walks {@code root}.
   *
   * @throws CmisBaseException when {@code root} itself cannot be listed, or the repository fails as
   *     a whole ({@link CmisFailures#sourceLevel})
   * @throws SourceUnavailableException from the sink
   */
  void walk(Folder root, DocumentSink sink) throws SourceUnavailableException {
    Set<String> seenDocuments = new HashSet<>();
    Set<String> seenFolders = new HashSet<>();
    Deque<Pending> stack = new ArrayDeque<>();
    stack.push(new Pending(root, "", 0));
    while (!stack.isEmpty()) {
      Pending current = stack.pop();
      if (!seenFolders.add(current.folder().getId())) {
        continue;
      }
      List<Pending> subFolders = new ArrayList<>();
      try {
        for (CmisObject child : current.folder().getChildren(context)) {
          String name = child.getName();
          if (name == null || name.isEmpty()) {
            continue;
          }
          String id = CmisIds.child(current.id(), name);
          if (child instanceof Document document) {
            if (!seenDocuments.add(document.getId())) {
              LOG.debugf("%s: also filed at %s, taken once", document.getId(), id);
            } else if (sink.accepting()) {
              sink.document(id, document);
            } else {
              sink.leftOut(() -> id);
            }
          } else if (child instanceof Folder folder) {
            subFolders.add(new Pending(folder, id, current.depth() + 1));
          }
        }
      } catch (CmisObjectNotFoundException e) {
        if (current.depth() == 0) {
          throw e;
        }
        LOG.debugf("folder %s removed during the walk", current.id());
        continue;
      } catch (CmisBaseException e) {
        if (current.depth() == 0 || CmisFailures.sourceLevel(e)) {
          throw e;
        }
        sink.skipped(
            current.id() + "/",
            CmisFailures.skipCode(e) == SkipCode.AccessDenied
                ? SkipCode.AccessDenied
                : SkipCode.HttpError,
            "folder not fully listed: " + CmisFailures.describe(e));
        continue;
      }
      subFolders.sort(Comparator.comparing(Pending::id).reversed());
      for (Pending sub : subFolders) {
        if (sub.depth() > maxDepth) {
          sink.skipped(
              sub.id() + "/",
              SkipCode.LimitReached,
              "folder nested more than " + maxDepth + " levels deep: not walked");
        } else {
          stack.push(sub);
        }
      }
    }
  }
}
