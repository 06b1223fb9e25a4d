package io.hubia.runtime.ingest;

/** Why a document was left out of the index; stable, so status can count documents per code. */
public enum SkipCode {
  /** Larger than the file-size limit, or more text than the text limit. */
  TooLarge,
  /** No text at all once read (empty file, a PDF of scanned images). */
  Empty,
  /** Binary content where text was expected. */
  Binary,
  /** Not in an encoding the reader accepts (text files must be UTF-8 or UTF-16 with a BOM). */
  Encoding,
  /** Markdown front matter that is not valid YAML or has invalid fields. */
  BadFrontMatter,
  /** A file the format's parser cannot read (e.g. a damaged PDF). */
  Corrupt,
  /** An encrypted PDF that cannot be opened without a password. */
  Encrypted,
  /** Matched by the include globs but of a type no reader handles. */
  UnsupportedType,
  /** A symbolic link that leads outside the source folder, is broken, or loops. */
  UnsafeLink,
  /** The file system refused to read it (permissions, I/O error). */
  Unreadable,
  /** The server answered the document's request with an error status (404, 500...). */
  HttpError,
  /** The document's server could not be reached, or did not answer in time. */
  Unreachable,
  /** The site's robots.txt forbids fetching the page. */
  RobotsDisallowed,
  /** A link or redirect that leaves the source's host. */
  OffHost,
  /** A record without the fields the source's mapping needs (e.g. no body text). */
  MissingField,
  /** The source refused access to this document (HTTP 401/403, CMIS permission denied). */
  AccessDenied,
  /**
   * A limit of the source (pages per sync, pages of a collection) was reached; the entry names the
   * first document left out and how many were.
   */
  LimitReached
}
