package io.hubia.api.v1alpha1.spec;

/** Kinds of document sources a RetrievalIndex can ingest. */
public enum SourceType {
  /** A folder of .md, .txt, .html and .pdf files. */
  Files,
  /** Web pages: a list of URLs or a sitemap, same host only, robots.txt respected. */
  Web,
  /** A JSON-LD / Hydra collection served by API Platform (the CRM/ERP). */
  Hydra,
  /** A CMIS repository (Alfresco, Nuxeo, ...): the document management system. */
  Cmis
}
