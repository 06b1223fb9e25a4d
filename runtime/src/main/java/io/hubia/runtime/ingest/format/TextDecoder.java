package io.hubia.runtime.ingest.format;

import io.hubia.runtime.ingest.SkipCode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of a text file into a string, or refuses them: UTF-8 (with or without BOM) or
 * UTF-16 with a BOM, decoded strictly. Guessing a legacy encoding would index mojibake silently; a
 * precise reason in status lets the owner convert the file instead.
 */
final class TextDecoder {
  /** Share of control characters above which decoded text is treated as binary junk. */
  private static final double MAX_CONTROL_SHARE = 0.01;

  private TextDecoder() {}

  static String decode(byte[] bytes) throws UnreadableDocumentException {
    if (startsWith(bytes, 0xFF, 0xFE, 0x00, 0x00) || startsWith(bytes, 0x00, 0x00, 0xFE, 0xFF)) {
      throw new UnreadableDocumentException(
          SkipCode.Encoding, "UTF-32 text is not supported: save the file as UTF-8");
    }
    String text;
    if (startsWith(bytes, 0xFE, 0xFF)) {
      text = strict(bytes, 2, StandardCharsets.UTF_16BE.newDecoder(), "UTF-16BE");
    } else if (startsWith(bytes, 0xFF, 0xFE)) {
      text = strict(bytes, 2, StandardCharsets.UTF_16LE.newDecoder(), "UTF-16LE");
    } else {
      int nul = indexOf(bytes, (byte) 0);
      if (nul >= 0) {
        throw new UnreadableDocumentException(
            SkipCode.Binary, "binary content: NUL byte at offset " + nul);
      }
      int offset = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
      text = strict(bytes, offset, StandardCharsets.UTF_8.newDecoder(), "UTF-8");
    }
    rejectControlCharacters(text);
    return text;
  }

  /** Refuses text whose share of control characters shows binary content. */
  static void rejectControlCharacters(String text) throws UnreadableDocumentException {
    long controls =
        text.chars()
            .filter(c -> c != '\n' && c != '\r' && c != '\t' && c != '\f')
            .filter(c -> Character.getType(c) == Character.CONTROL)
            .count();
    if (controls > 0 && controls > text.length() * MAX_CONTROL_SHARE) {
      throw new UnreadableDocumentException(
          SkipCode.Binary,
          "binary content: " + controls + " control characters in " + text.length());
    }
  }

  private static String strict(byte[] bytes, int offset, CharsetDecoder decoder, String name)
      throws UnreadableDocumentException {
    decoder
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
    CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, bytes.length + 16L));
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new UnreadableDocumentException(
          SkipCode.Encoding,
          "not valid "
              + name
              + " (invalid byte sequence at offset "
              + in.position()
              + "): save the file as UTF-8");
    }
    return out.flip().toString();
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] bytes, byte value) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
