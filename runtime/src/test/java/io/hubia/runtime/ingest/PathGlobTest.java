package io.hubia.runtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathGlobTest {
  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
    "**/*.md, guide.md, true",
    "**/*.md, rh/guide.md, true",
    "**/*.md, rh/2024/guide.md, true",
    "**/*.md, guide.mdx, false",
    "**/*.md, guide.MD, false",
    "*.md, guide.md, true",
    "*.md, rh/guide.md, false",
    "antennes/lyon/**, antennes/lyon/cr.txt, true",
    "antennes/lyon/**, antennes/lyon/2024/mai/cr.txt, true",
    "antennes/lyon/**, antennes/lyonnais/cr.txt, false",
    "antennes/*/cr.txt, antennes/lyon/cr.txt, true",
    "antennes/*/cr.txt, antennes/lyon/x/cr.txt, false",
    "rh/**/contrat-*.md, rh/contrat-cdi.md, true",
    "rh/**/contrat-*.md, rh/modeles/contrat-cdd.md, true",
    "'**/*.{md,txt}', a/b.txt, true",
    "'**/*.{md,txt}', a/b.pdf, false",
    "note-?.md, note-1.md, true",
    "note-?.md, note-12.md, false",
    "note-[!0-4].md, note-7.md, true",
    "note-[!0-4].md, note-3.md, false",
    "a+b (1).md, a+b (1).md, true",
    "a+b (1).md, aab (1).md, false",
    "./rh/*.md, rh/x.md, true",
    "/rh/*.md, rh/x.md, true",
  })
  void matchesLikeGitignoreGlobs(String glob, String path, boolean expected) {
    assertThat(PathGlob.compile(glob).matches(path)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"docs/[abc", "'docs/{a,b'"})
  void malformedGlobsAreRefused(String glob) {
    assertThatThrownBy(() -> PathGlob.compile(glob))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(glob);
  }
}
