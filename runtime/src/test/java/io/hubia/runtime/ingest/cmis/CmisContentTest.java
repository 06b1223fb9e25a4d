package io.hubia.runtime.ingest.cmis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.runtime.ingest.SkipCode;
import io.hubia.runtime.ingest.format.DocumentFormats.Format;
import io.hubia.runtime.ingest.format.UnreadableDocumentException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class CmisContentTest {
  @Test
  void theMimeTypeNamesTheFormat() throws Exception {
    assertThat(CmisContent.format("text/markdown", "note")).isEqualTo(Format.MARKDOWN);
    assertThat(CmisContent.format("text/html; charset=UTF-8", "page.txt")).isEqualTo(Format.HTML);
    assertThat(CmisContent.format("Application/PDF", null)).isEqualTo(Format.PDF);
    assertThat(CmisContent.format("text/plain", "compte-rendu.txt")).isEqualTo(Format.TEXT);
  }

  @Test
  void markdownSentAsPlainTextIsMarkdown() throws Exception {
    assertThat(CmisContent.format("text/plain", "bilan.md")).isEqualTo(Format.MARKDOWN);
  }

  @Test
  void aMissingOrGenericMimeTypeFallsBackOnTheFileName() throws Exception {
    assertThat(CmisContent.format(null, "bilan.md")).isEqualTo(Format.MARKDOWN);
    assertThat(CmisContent.format("application/octet-stream", "bareme.PDF")).isEqualTo(Format.PDF);
    assertThat(CmisContent.format(" ", "page.htm")).isEqualTo(Format.HTML);
  }

  @Test
  void unsupportedTypesAreRefusedWithWhatWasSeen() {
    assertThatThrownBy(() -> CmisContent.format("image/png", "logo.md"))
        .isInstanceOf(UnreadableDocumentException.class)
        .hasMessage(
            "unsupported content type image/png (supported: Markdown, plain text, HTML, PDF)")
        .extracting(e -> ((UnreadableDocumentException) e).code())
        .isEqualTo(SkipCode.UnsupportedType);
    assertThatThrownBy(() -> CmisContent.format("application/octet-stream", "tableur.xlsx"))
        .hasMessage(
            "generic content type application/octet-stream and unsupported file type .xlsx: the"
                + " type cannot be told (supported: .md, .txt, .html, .pdf)");
    assertThatThrownBy(() -> CmisContent.format(null, "LISEZMOI"))
        .hasMessage(
            "no content type and no file extension: the type cannot be told (supported: .md, .txt,"
                + " .html, .pdf)");
  }

  @Test
  void contentUpToTheLimitIsRead() throws Exception {
    byte[] content = new byte[40_000];
    content[39_999] = 7;

    assertThat(CmisContent.readAtMost(new ByteArrayInputStream(content), 40_000))
        .isEqualTo(content);
    assertThat(CmisContent.readAtMost(new ByteArrayInputStream(new byte[0]), 10)).isEmpty();
  }

  @Test
  void contentPastTheLimitIsRefusedAfterReadingOneByteMore() {
    CountingStream endless = new CountingStream();

    assertThatThrownBy(() -> CmisContent.readAtMost(endless, 100_000))
        .isInstanceOf(UnreadableDocumentException.class)
        .hasMessage("content is larger than the 97.7 KiB limit")
        .extracting(e -> ((UnreadableDocumentException) e).code())
        .isEqualTo(SkipCode.TooLarge);
    assertThat(endless.read).isEqualTo(100_001);
  }

  @Test
  void sizesAreWrittenForPeople() {
    assertThat(CmisContent.size(512)).isEqualTo("512 bytes");
    assertThat(CmisContent.size(64 * 1024)).isEqualTo("64.0 KiB");
    assertThat(CmisContent.size(20L * 1024 * 1024)).isEqualTo("20.0 MiB");
  }

  /** An endless stream that counts the bytes read from it. */
  private static final class CountingStream extends InputStream {
    long read;

    @Override
    public int read() {
      read++;
      return 'a';
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      read += len;
      return len;
    }
  }
}
