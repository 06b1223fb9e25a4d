package io.hubia.runtime.ingest.cmis;

import java.text.Normalizer;
import java.util.Collection;
import java.util.Objects;

/**
 * Ids of the documents of a {@code Cmis} source, {@code /}-separated like those of {@code Files}
 * sources so that {@code pathGlob} label rules read the same:
 *
 * <ul>
 *   <li>in folder mode, the document's path relative to the folder ({@code lyon/bilan.md} for
 *       {@code /Documents/antennes/lyon/bilan.md} under {@code /Documents/antennes});
 *   <li>in query mode, the document's path from the repository root without the leading {@code /}
 *       (the smallest one when the document is filed in several folders), or its object id when it
 *       is filed in none.
 * </ul>
 *
 * <p>Ids are in Unicode NFC, as repositories may store names decomposed.
 */
final class CmisIds {
  private CmisIds() {}

  /**
   * The folder path of {@code cmis.folder} as the repository expects it: a leading {@code /}, no
   * trailing one, no empty segment.
   *
   * @throws IllegalArgumentException when the path has a {@code .} or {@code ..} segment
   */
  static String folderPath(String folder) {
    StringBuilder path = new StringBuilder();
    for (String segment : Objects.requireNonNull(folder, "folder").strip().split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "cmis.folder '" + folder + "' has a '" + segment + "' segment: give the full path");
      }
      path.append('/').append(segment);
    }
    return path.isEmpty() ? "/" : path.toString();
  }

  /**
   * The id of the child {@code name} of the folder whose id is {@code parentId} ("" for the root).
   */
  static String child(String parentId, String name) {
    String segment = nfc(name);
    return parentId.isEmpty() ? segment : parentId + "/" + segment;
  }

  /**
   * The id of a document found by a query.
   *
   * @param paths the document's paths from the repository root (several when multi-filed)
   * @param objectId its object id, used when it has no path (unfiled)
   */
  static String queryId(Collection<String> paths, String objectId) {
    return paths == null
        ? objectId
        : paths.stream()
            .filter(Objects::nonNull)
            .map(p -> p.replaceFirst("^/+", ""))
            .filter(p -> !p.isEmpty())
            .map(CmisIds::nfc)
            .sorted()
            .findFirst()
            .orElse(objectId);
  }

  private static String nfc(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFC);
  }
}
