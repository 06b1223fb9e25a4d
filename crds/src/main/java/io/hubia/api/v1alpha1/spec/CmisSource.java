package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Data;

/** A CMIS repository (AtomPub or Browser binding) of a document management system. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.folder) != has(self.query)",
    message = "a CMIS source needs exactly one of 'folder' and 'query'")
public class CmisSource {
  @Required
  @Pattern(Patterns.HTTP_URL)
  @Size(max = 2048)
  @JsonPropertyDescription("Service URL of the CMIS Browser binding.")
  private String url;

  @Size(max = 200)
  @JsonPropertyDescription("Repository id. Defaults to the server's first repository.")
  private String repositoryId;

  @Size(max = 1024)
  @JsonPropertyDescription("Folder path whose documents (recursively) are ingested.")
  private String folder;

  @Size(max = 4000)
  @JsonPropertyDescription("CMIS query selecting the documents, e.g. SELECT * FROM cmis:document.")
  private String query;

  @Required
  @JsonPropertyDescription("Secret holding the CMIS user name (key 'username').")
  private SecretKeyRef usernameSecretRef;

  @Required
  @JsonPropertyDescription("Secret holding the CMIS password (key 'password').")
  private SecretKeyRef passwordSecretRef;

  @JsonPropertyDescription(
      "Map document ACL principals to labels 'acl:<principal>' (in addition to label rules)."
          + " Defaults to true.")
  private Boolean mapAcls;
}
