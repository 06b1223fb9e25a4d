package io.hubia.eval.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes an {@link EvaluationReport} in one format, as UTF-8. */
public interface ReportWriter {

  /** Writes the report to {@code out}, leaving it open. */
  void write(EvaluationReport report, OutputStream out) throws IOException;

  /** The usual file name for this format, e.g. {@code report.json}. */
  String fileName();

  /** Writes the report to {@code file}, creating its parent directories. */
  default void writeTo(EvaluationReport report, Path file) throws IOException {
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      write(report, out);
    }
  }

  /** The report as text. */
  default String render(EvaluationReport report) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(report, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
