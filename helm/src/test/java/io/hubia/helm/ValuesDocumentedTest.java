package io.hubia.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every value of values.yaml is declared by values.schema.json and documented, with its default, in
 * the chart's README: a value added without both fails the build.
 */
class ValuesDocumentedTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The documented keys: a map whose schema lists its properties is walked into; anything else
   * (scalars, lists, free-form maps such as labels) is one value.
   */
  static List<String> valueKeys(JsonNode values, JsonNode schema, String prefix) {
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : values.properties()) {
      String key = prefix + field.getKey();
      JsonNode fieldSchema = schema.path("properties").path(field.getKey());
      assertThat(fieldSchema.isMissingNode())
          .as(key + " is declared by values.schema.json")
          .isFalse();
      if (field.getValue().isObject()
          && !field.getValue().isEmpty()
          && fieldSchema.has("properties")) {
        keys.addAll(valueKeys(field.getValue(), fieldSchema, key + "."));
      } else {
        keys.add(key);
      }
    }
    return keys;
  }

  @Test
  void everyValueIsInTheSchemaAndInTheReadmeTable() throws IOException {
    JsonNode values = YAML.readTree(Chart.DIR.resolve("values.yaml").toFile());
    JsonNode schema = JSON.readTree(Chart.DIR.resolve("values.schema.json").toFile());
    String readme = Files.readString(Chart.DIR.resolve("README.md"));

    List<String> keys = valueKeys(values, schema, "");

    assertThat(keys).hasSizeGreaterThan(60).contains("image.digest", "metrics.dashboards.labels");
    assertThat(keys)
        .allSatisfy(
            key ->
                assertThat(readme)
                    .as("helm/hubia/README.md documents " + key)
                    .containsPattern(
                        "(?m)^\\| `"
                            + java.util.regex.Pattern.quote(key)
                            + "` \\| .+ \\| .+ \\|$"));
  }
}
