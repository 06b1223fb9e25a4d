package io.hubia.runtime.ingest.cmis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CmisIdsTest {
  @Test
  void folderPathsGetOneLeadingSlashAndNoEmptySegment() {
    assertThat(CmisIds.folderPath("/Documents/antennes")).isEqualTo("/Documents/antennes");
    assertThat(CmisIds.folderPath("Documents/antennes/")).isEqualTo("/Documents/antennes");
    assertThat(CmisIds.folderPath(" //Documents//antennes// ")).isEqualTo("/Documents/antennes");
    assertThat(CmisIds.folderPath("/")).isEqualTo("/");
    assertThat(CmisIds.folderPath("/Sites/rh/documentLibrary/Notes de service"))
        .isEqualTo("/Sites/rh/documentLibrary/Notes de service");
  }

  @Test
  void folderPathsWithDotSegmentsAreRefused() {
    assertThatThrownBy(() -> CmisIds.folderPath("/Documents/../Archives"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cmis.folder '/Documents/../Archives' has a '..' segment: give the full path");
    assertThatThrownBy(() -> CmisIds.folderPath("./Documents"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void folderModeIdsArePathsRelativeToTheFolderInNfc() {
    String lyon = CmisIds.child(CmisIds.child("", "antennes"), "lyon");
    assertThat(lyon).isEqualTo("antennes/lyon");
    assertThat(CmisIds.child(lyon, "bilan-2024.md")).isEqualTo("antennes/lyon/bilan-2024.md");
    // "é" decomposed (e + combining acute accent) as some repositories store it
    assertThat(CmisIds.child("", "re\u0301sume\u0301.md")).isEqualTo("résumé.md");
  }

  @Test
  void queryModeIdsArePathsFromTheRootOrTheObjectId() {
    assertThat(CmisIds.queryId(List.of("/Documents/national/bareme.pdf"), "42"))
        .isEqualTo("Documents/national/bareme.pdf");
    // multi-filed: the smallest path, whatever order the repository gives
    assertThat(CmisIds.queryId(List.of("/Sites/rh/note.md", "/Documents/note.md"), "42"))
        .isEqualTo("Documents/note.md");
    // unfiled
    assertThat(CmisIds.queryId(List.of(), "workspace://SpacesStore/1234;1.0"))
        .isEqualTo("workspace://SpacesStore/1234;1.0");
    assertThat(CmisIds.queryId(null, "42")).isEqualTo("42");
  }
}
