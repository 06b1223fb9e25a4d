package io.hubia.runtime.ingest.format;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a format reader extracted from one file; the connector fills in the defaults.
 *
 * @param title the document's own title, or {@code null} to fall back on the file name
 * @param uri the document's own link, or {@code null}
 * @param text body in the Markdown structure of {@link io.hubia.runtime.ingest.SourceDocument}
 * @param metadata other fields
 * @param labels labels written in the document
 * @param updated the document's own update time, or {@code null} for the file's modification time
 */
public record ParsedDocument(
    String title,
    String uri,
    String text,
    Map<String, List<String>> metadata,
    List<String> labels,
    Instant updated) {}
