package io.hubia.runtime.policy.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmailDetectorTest {
  private static List<String> found(String text) {
    List<Detection> out = new ArrayList<>();
    new EmailDetector().find(text, out);
    return out.stream().map(d -> text.substring(d.start(), d.end())).toList();
  }

  @Test
  void findsAddressesInFrenchText() {
    assertThat(
            found(
                "Écrivez à marie.dupont+rh@exemple-federation.fr ou à jérôme.lefèvre@société.fr."))
        .containsExactly("marie.dupont+rh@exemple-federation.fr", "jérôme.lefèvre@société.fr");
  }

  @Test
  void findsAddressesInEnglishTextWithoutTheSentencesPunctuation() {
    assertThat(found("Contact o'neil_j@mail.example.co.uk (HR), or ops@example.org."))
        .containsExactly("o'neil_j@mail.example.co.uk", "ops@example.org");
    assertThat(found("<jean@exemple.fr>, \"anne@exemple.fr\"; paul@exemple.fr?"))
        .containsExactly("jean@exemple.fr", "anne@exemple.fr", "paul@exemple.fr");
    assertThat(found("lookup email=jean@exemple.fr, mailto:anne@exemple.fr"))
        .containsExactly("jean@exemple.fr", "anne@exemple.fr");
  }

  @Test
  void leavesWhatIsNotAnAddress() {
    assertThat(
            found(
                "@federation sur les réseaux, user@localhost, a@b, jean@.fr, jean.@exemple.fr,"
                    + " x@exemple.f, prix 12@3, exemple.fr, jean@exemple.fr2, @, @@"))
        .isEmpty();
  }

  @Test
  void aLongLocalPartIsCutAtItsMaximumButStillRedacted() {
    String local = "a".repeat(100);
    assertThat(found(local + "@exemple.fr"))
        .containsExactly("a".repeat(EmailDetector.MAX_LOCAL) + "@exemple.fr");
  }

  @Test
  void adversarialTextsTakeLinearTime() {
    String many = "a.".repeat(200_000) + "@" + "b-".repeat(200_000);
    String ats = "a@".repeat(200_000);
    String dots = "x@" + "a.".repeat(200_000);
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          found(many);
          found(ats);
          found(dots);
        });
  }
}
