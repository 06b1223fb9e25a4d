/**
 * The {@code Hydra} connector: reads a JSON-LD / Hydra collection served by API Platform (the
 * organisation's CRM/ERP) page by page, each member becoming one {@link
 * io.hubia.runtime.ingest.SourceDocument}.
 *
 * <ul>
 *   <li>{@link io.hubia.runtime.ingest.hydra.HydraConnector}: the pages, credentials, limits and
 *       source-level failures.
 *   <li>{@link io.hubia.runtime.ingest.hydra.HydraPage}: one page parsed (members, next link,
 *       announced total), in the prefixed and unprefixed forms of API Platform 3 and 4.
 *   <li>{@link io.hubia.runtime.ingest.hydra.MemberMapper}: one member as a document, per the
 *       source's field mapping.
 *   <li>{@link io.hubia.runtime.ingest.hydra.FieldPath}: a mapped field, by name or JSON Pointer.
 *   <li>{@link io.hubia.runtime.ingest.hydra.Iri}: IRI resolution (RFC 3986) and origins.
 * </ul>
 */
package io.hubia.runtime.ingest.hydra;
