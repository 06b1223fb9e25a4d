package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** A folder of documents, mounted into the ingestion job from a volume. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FilesSource {
  @Required
  @JsonPropertyDescription("Kind of volume holding the folder: PersistentVolumeClaim or ConfigMap.")
  private VolumeKind volumeKind;

  @Required
  @Pattern(Patterns.NAME)
  @Size(max = 253)
  @JsonPropertyDescription("Name of the PersistentVolumeClaim or ConfigMap.")
  private String volumeName;

  @Pattern("^[^\\s]*$")
  @Size(max = 1024)
  @JsonPropertyDescription("Folder inside the volume. Defaults to its root.")
  private String path;

  @Size(max = 20)
  @JsonPropertyDescription(
      "Glob patterns of files to include, relative to the folder. Defaults to **/*.md, **/*.txt,"
          + " **/*.html, **/*.pdf.")
  private List<@Size(max = 256) String> include = new ArrayList<>();

  @Size(max = 20)
  @JsonPropertyDescription("Glob patterns of files to leave out.")
  private List<@Size(max = 256) String> exclude = new ArrayList<>();
}
