package io.hubia.runtime.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One cited source of an answer; {@code id} is the number used in the answer's {@code [n]} markers.
 *
 * @param id marker number in the answer, from 1
 * @param documentId id of the document in its index ({@code <source>:<id in the source>})
 * @param title title of the document
 * @param uri link to the document, when its source gives one
 * @param snippet the passage of the document that supports the answer
 * @param score support of the cited claims by this passage, 0 to 1
 */
@Schema(name = "Citation", description = "A source cited by the answer")
public record CitationView(
    int id, String documentId, String title, String uri, String snippet, double score) {}
