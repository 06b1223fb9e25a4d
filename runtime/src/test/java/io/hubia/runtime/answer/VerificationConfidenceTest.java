package io.hubia.runtime.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The confidence of an answer, hand-computed. */
class VerificationConfidenceTest {
  private static Verification.ClaimCheck supported(double support) {
    return new Verification.ClaimCheck(
        "claim", List.of(1), support, Verification.Status.SUPPORTED, null);
  }

  private static Verification.ClaimCheck cut() {
    return new Verification.ClaimCheck(
        "claim", List.of(1), 0.2, Verification.Status.CUT, Verification.UNSUPPORTED);
  }

  private static Verification.ClaimCheck nonFactual() {
    return new Verification.ClaimCheck(
        "Voici ce que disent les sources :", List.of(), 0, Verification.Status.NON_FACTUAL, null);
  }

  private static Verification of(double share, Verification.ClaimCheck... claims) {
    return new Verification(
        Verification.Decision.SUFFICIENT, "text", List.of(), List.of(claims), share);
  }

  @Test
  void isTheSupportedShareTimesTheMeanSupportOfKeptFactualClaims() {
    // two of three factual claims kept, supports 0.9 and 0.7: 2/3 x 0.8
    Verification v = of(2 / 3.0, supported(0.9), supported(0.7), cut(), nonFactual());
    assertThat(v.confidence()).isCloseTo(2 / 3.0 * 0.8, within(1e-9));
  }

  @Test
  void isOneForVerbatimQuotesAndZeroWithoutAKeptFact() {
    assertThat(of(1.0, supported(1.0), supported(1.0)).confidence()).isEqualTo(1.0);
    assertThat(of(0.0, cut(), nonFactual()).confidence()).isZero();
    assertThat(of(0.0).confidence()).isZero();
  }
}
