package io.hubia.runtime.ingest.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads one sitemap file (sitemaps.org protocol): a {@code <urlset>} lists pages, a {@code
 * <sitemapindex>} lists other sitemaps; both give their URLs in {@code <loc>} elements. A text
 * sitemap (one URL per line) and a gzip-compressed file are read too. The XML is read with the
 * JDK's streaming parser with DTDs and external entities disabled, so a sitemap cannot make the
 * crawler read local files or expand entities. The caller resolves and checks the URLs.
 */
public final class SitemapReader {
  private final int maxLocations;
  private final long maxBytes;

  /**
   * What one sitemap file lists.
   *
   * @param index whether it is a sitemap index (its locations are sitemaps, not pages)
   * @param locations the {@code <loc>} values in order, stripped, at most the reader's limit
   * @param dropped how many locations were left out beyond the limit
   */
  public record Sitemap(boolean index, List<String> locations, int dropped) {}

  /** A file that is not a sitemap, with the reason to report. */
  public static final class InvalidSitemapException extends Exception {
    public InvalidSitemapException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * @param maxLocations locations kept per file
   * @param maxBytes largest decompressed size of a gzip-compressed sitemap
   */
  public SitemapReader(int maxLocations, long maxBytes) {
    if (maxLocations <= 0 || maxBytes <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.maxLocations = maxLocations;
    this.maxBytes = maxBytes;
  }

  /**
   * Reads a sitemap file.
   *
   * @throws InvalidSitemapException when the content is not a sitemap
   */
  public Sitemap read(byte[] content) throws InvalidSitemapException {
    Objects.requireNonNull(content, "content");
    byte[] bytes = content;
    if (bytes.length >= 2 && bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b) {
      bytes = gunzip(bytes);
    }
    int start = 0;
    if (bytes.length >= 3
        && bytes[0] == (byte) 0xEF
        && bytes[1] == (byte) 0xBB
        && bytes[2] == (byte) 0xBF) {
      start = 3;
    }
    while (start < bytes.length && Character.isWhitespace(bytes[start])) {
      start++;
    }
    if (start == bytes.length) {
      throw new InvalidSitemapException("empty sitemap");
    }
    return bytes[start] == '<' ? readXml(bytes) : readText(bytes, start);
  }

  private byte[] gunzip(byte[] bytes) throws InvalidSitemapException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      byte[] plain = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8L, maxBytes + 1));
      if (plain.length > maxBytes) {
        throw new InvalidSitemapException(
            "compressed sitemap larger than " + maxBytes + " bytes once decompressed");
      }
      return plain;
    } catch (IOException e) {
      throw new InvalidSitemapException("damaged gzip compression: " + e.getMessage());
    }
  }

  private Sitemap readText(byte[] bytes, int start) throws InvalidSitemapException {
    List<String> locations = new ArrayList<>();
    int dropped = 0;
    String text = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
    for (String line : text.split("\r\n|\r|\n")) {
      String url = line.strip();
      if (url.isEmpty()) {
        continue;
      }
      if (!url.regionMatches(true, 0, "http://", 0, 7)
          && !url.regionMatches(true, 0, "https://", 0, 8)) {
        throw new InvalidSitemapException("neither XML nor a list of http(s) URLs");
      }
      if (locations.size() < maxLocations) {
        locations.add(url);
      } else {
        dropped++;
      }
    }
    return new Sitemap(false, List.copyOf(locations), dropped);
  }

  private Sitemap readXml(byte[] bytes) throws InvalidSitemapException {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    XMLStreamReader xml = null;
    try {
      xml = factory.createXMLStreamReader(new ByteArrayInputStream(bytes));
      // skip the prolog: comments, processing instructions, a DOCTYPE (not processed)
      do {
        if (!xml.hasNext()) {
          throw new InvalidSitemapException("no root element");
        }
      } while (xml.next() != XMLStreamConstants.START_ELEMENT);
      String root = xml.getLocalName();
      String namespace = xml.getNamespaceURI();
      boolean index;
      if (root.equals("sitemapindex")) {
        index = true;
      } else if (root.equals("urlset")) {
        index = false;
      } else {
        throw new InvalidSitemapException(
            "root element <" + root + "> is neither <urlset> nor <sitemapindex>");
      }
      List<String> locations = new ArrayList<>();
      int dropped = 0;
      int depth = 1;
      while (xml.hasNext()) {
        int event = xml.next();
        if (event == XMLStreamConstants.END_ELEMENT) {
          depth--;
        } else if (event == XMLStreamConstants.START_ELEMENT) {
          depth++;
          // root > url (or sitemap) > loc; the <image:loc> of image sitemaps is deeper
          if (depth == 3
              && xml.getLocalName().equals("loc")
              && Objects.equals(xml.getNamespaceURI(), namespace)) {
            String location = xml.getElementText().strip();
            depth--;
            if (location.isEmpty()) {
              continue;
            }
            if (locations.size() < maxLocations) {
              locations.add(location);
            } else {
              dropped++;
            }
          }
        }
      }
      return new Sitemap(index, List.copyOf(locations), dropped);
    } catch (XMLStreamException e) {
      throw new InvalidSitemapException("not valid XML: " + e.getMessage().replace('\n', ' '));
    } finally {
      if (xml != null) {
        try {
          xml.close();
        } catch (XMLStreamException e) {
          // nothing held open on a byte array
        }
      }
    }
  }
}
