package io.hubia.runtime.ingest.format;

import io.hubia.runtime.ingest.SkipCode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * PDF through Apache PDFBox: the text of each page, pages separated by a blank line; no OCR, so a
 * PDF of scanned images is skipped as empty. Title: the document information, else the first line.
 * Metadata: {@code author}, {@code subject}, {@code keywords}, {@code pages}.
 */
final class PdfReader implements FormatReader {
  private final int maxTextChars;

  PdfReader(int maxTextChars) {
    this.maxTextChars = maxTextChars;
  }

  @Override
  public ParsedDocument read(byte[] bytes) throws UnreadableDocumentException, IOException {
    PDDocument pdf;
    try {
      pdf = Loader.loadPDF(bytes);
    } catch (InvalidPasswordException e) {
      throw new UnreadableDocumentException(
          SkipCode.Encrypted, "encrypted PDF that needs a password to open");
    } catch (IOException e) {
      throw new UnreadableDocumentException(
          SkipCode.Corrupt, "not a readable PDF: " + FrontMatter.abbreviate(message(e), 200));
    }
    try (pdf) {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setLineSeparator("\n");
      stripper.setParagraphEnd("\n"); // a blank line after each paragraph PDFBox detects
      List<String> pages = new ArrayList<>();
      long chars = 0;
      for (int page = 1; page <= pdf.getNumberOfPages(); page++) {
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        String text = stripper.getText(pdf).strip();
        chars += text.length();
        if (chars > maxTextChars) {
          throw new UnreadableDocumentException(
              SkipCode.TooLarge, "more than " + maxTextChars + " characters of text");
        }
        if (!text.isEmpty()) {
          pages.add(text);
        }
      }
      String body = String.join("\n\n", pages);
      if (body.isBlank()) {
        throw new UnreadableDocumentException(
            SkipCode.Empty, "PDF without extractable text (scanned images? OCR it first)");
      }
      TextDecoder.rejectControlCharacters(body);
      PDDocumentInformation info = pdf.getDocumentInformation();
      Map<String, List<String>> metadata = new LinkedHashMap<>();
      put(metadata, "author", info.getAuthor());
      put(metadata, "subject", info.getSubject());
      put(metadata, "keywords", info.getKeywords());
      metadata.put("pages", List.of(Integer.toString(pdf.getNumberOfPages())));
      String title = info.getTitle();
      if (title == null || title.isBlank()) {
        title = Titles.firstLine(body);
      }
      Calendar modified = info.getModificationDate();
      Instant updated = modified == null ? null : modified.toInstant();
      return new ParsedDocument(title, null, body, metadata, List.of(), updated);
    } catch (IOException e) {
      throw new UnreadableDocumentException(
          SkipCode.Corrupt, "damaged PDF content: " + FrontMatter.abbreviate(message(e), 200));
    }
  }

  private static void put(Map<String, List<String>> metadata, String key, String value) {
    if (value != null && !value.isBlank()) {
      metadata.put(key, List.of(FrontMatter.abbreviate(value.strip(), 2000)));
    }
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
