package io.hubia.runtime.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Test documents: the French corpus under {@code ingest/docs} and PDFs made with PDFBox. */
public final class IngestFixtures {
  private IngestFixtures() {}

  /** The folder of a test resource. */
  public static Path resource(String path) {
    URL url = IngestFixtures.class.getResource("/" + path);
    if (url == null) {
      throw new IllegalStateException("missing test resource " + path);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String read(String path) {
    try (InputStream in = IngestFixtures.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies the French document corpus ({@code ingest/docs}) into {@code target}. */
  public static void copyDocs(Path target) throws IOException {
    Path docs = resource("ingest/docs");
    try (Stream<Path> files = Files.walk(docs)) {
      for (Path source : files.toList()) {
        Path copy = target.resolve(docs.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /**
   * Writes a PDF with one page per element of {@code pages}, lines split on {@code \n}.
   *
   * @param title the document-information title, or null for none
   */
  public static void writePdf(Path file, String title, List<String> pages) throws IOException {
    try (PDDocument pdf = new PDDocument()) {
      fill(pdf, title, pages);
      pdf.save(file.toFile());
    }
  }

  /** Writes a PDF that needs a user password to open. */
  public static void writeEncryptedPdf(Path file) throws IOException {
    try (PDDocument pdf = new PDDocument()) {
      fill(pdf, "Confidentiel", List.of("Grille des salaires 2024"));
      StandardProtectionPolicy policy =
          new StandardProtectionPolicy("proprietaire", "utilisateur", new AccessPermission());
      policy.setEncryptionKeyLength(128);
      pdf.protect(policy);
      pdf.save(file.toFile());
    }
  }

  private static void fill(PDDocument pdf, String title, List<String> pages) throws IOException {
    PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    if (title != null) {
      PDDocumentInformation info = new PDDocumentInformation();
      info.setTitle(title);
      info.setAuthor("Pôle juridique");
      pdf.setDocumentInformation(info);
    }
    for (String text : pages) {
      PDPage page = new PDPage();
      pdf.addPage(page);
      if (text.isEmpty()) {
        continue; // a page without text, as in a scanned document
      }
      try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
        content.beginText();
        content.setFont(font, 11);
        content.setLeading(14);
        content.newLineAtOffset(50, 740);
        for (String line : text.split("\n")) {
          content.showText(line);
          content.newLine();
        }
        content.endText();
      }
    }
  }
}
