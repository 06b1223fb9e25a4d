package io.hubia.eval.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes the report as indented JSON for machines (score history, dashboards): fields in the order
 * of the records, map entries sorted by key, times as ISO-8601 instants.
 */
public final class JsonReportWriter implements ReportWriter {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  @Override
  public void write(EvaluationReport report, OutputStream out) throws IOException {
    MAPPER.writeValue(out, report);
  }

  @Override
  public String fileName() {
    return "report.json";
  }

  /**
   * Reads a report this writer wrote, e.g. the previous run's for comparison. Unknown fields are
   * ignored, so that older readers accept newer reports.
   */
  public static EvaluationReport read(InputStream in) throws IOException {
    return MAPPER.readValue(in, EvaluationReport.class);
  }

  /** Reads a report from JSON text. */
  public static EvaluationReport read(String json) throws IOException {
    return MAPPER.readValue(json, EvaluationReport.class);
  }
}
