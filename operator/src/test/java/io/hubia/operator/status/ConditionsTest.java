package io.hubia.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.status.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Instant EARLIER = Instant.parse("2026-01-05T08:00:00Z");
  private static final Instant NOW = Instant.parse("2026-01-05T09:30:15.987654Z");

  private static Condition condition(String type, String status, String reason, Long generation) {
    Condition condition = new Condition();
    condition.setType(type);
    condition.setStatus(status);
    condition.setReason(reason);
    condition.setMessage("was " + status);
    condition.setLastTransitionTime(EARLIER.toString());
    condition.setObservedGeneration(generation);
    return condition;
  }

  @Test
  void readyComesFirstWhateverTheInsertionOrder() {
    List<Condition> built =
        Conditions.from(List.of(), 1, NOW)
            .set(ConditionType.Available, true, "MinimumReplicasAvailable", "1/1")
            .set(ConditionType.SpecValid, true, "Valid", "ok")
            .set(ConditionType.Ready, true, "Ready", "ok")
            .set(ConditionType.ReferencesResolved, true, "Resolved", "ok")
            .build();

    assertThat(built)
        .extracting(Condition::getType)
        .containsExactly("Ready", "SpecValid", "ReferencesResolved", "Available");
  }

  @Test
  void settingATypeTwiceKeepsTheLastValueOnce() {
    List<Condition> built =
        Conditions.from(List.of(), 1, NOW)
            .set(ConditionType.Ready, false, "RolloutInProgress", "first")
            .set(ConditionType.Ready, true, "Ready", "second")
            .build();

    assertThat(built)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("Ready");
              assertThat(c.getMessage()).isEqualTo("second");
            });
  }

  @Test
  void transitionTimeIsKeptWhileTheStatusHoldsEvenIfReasonAndMessageChange() {
    List<Condition> previous = List.of(condition("Ready", "False", "PolicySetNotFound", 3L));

    Condition ready =
        Conditions.from(previous, 4, NOW)
            .set(ConditionType.Ready, false, "SecretNotFound", "Secret 'x' does not exist")
            .build()
            .get(0);

    assertThat(ready.getLastTransitionTime()).isEqualTo(EARLIER.toString());
    assertThat(ready.getReason()).isEqualTo("SecretNotFound");
    assertThat(ready.getMessage()).isEqualTo("Secret 'x' does not exist");
    assertThat(ready.getObservedGeneration()).isEqualTo(4L);
  }

  @Test
  void transitionTimeIsResetWhenTheStatusFlips() {
    List<Condition> previous = List.of(condition("Ready", "False", "RolloutInProgress", 3L));

    Condition ready =
        Conditions.from(previous, 3, NOW)
            .set(ConditionType.Ready, true, "Ready", "ok")
            .build()
            .get(0);

    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-05T09:30:15Z");
  }

  @Test
  void unknownIsAStatusOfItsOwn() {
    List<Condition> previous = List.of(condition("Synced", "False", "NotSynced", 1L));

    Condition synced =
        Conditions.from(previous, 1, NOW)
            .unknown(ConditionType.Synced, "NotSynced", "waiting for the first sync")
            .build()
            .get(0);

    assertThat(synced.getStatus()).isEqualTo("Unknown");
    assertThat(synced.getLastTransitionTime()).isEqualTo("2026-01-05T09:30:15Z");
  }

  @Test
  void aNewConditionTransitionsNowTruncatedToSeconds() {
    Condition ready =
        Conditions.from(null, 1, NOW).set(ConditionType.Ready, true, "Ready", "ok").build().get(0);

    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-05T09:30:15Z");
  }

  @Test
  void transitionTimesOfOtherTypesDoNotLeak() {
    List<Condition> previous = List.of(condition("SpecValid", "True", "Valid", 1L));

    Condition ready =
        Conditions.from(previous, 1, NOW)
            .set(ConditionType.Ready, true, "Ready", "ok")
            .build()
            .get(0);

    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-05T09:30:15Z");
  }

  @Test
  void everyConditionCarriesTheGenerationItWasComputedFor() {
    List<Condition> built =
        Conditions.from(List.of(condition("Ready", "True", "Ready", 6L)), 7, NOW)
            .set(ConditionType.Ready, true, "Ready", "ok")
            .set(ConditionType.SpecValid, true, "Valid", "ok")
            .build();

    assertThat(built).extracting(Condition::getObservedGeneration).containsOnly(7L);
  }

  @Test
  void buildingAgainFromTheResultChangesNothing() {
    List<Condition> first =
        Conditions.from(List.of(), 2, NOW)
            .set(ConditionType.Ready, false, "RolloutInProgress", "1/2")
            .set(ConditionType.Available, true, "MinimumReplicasAvailable", "1/2")
            .build();
    List<Condition> second =
        Conditions.from(first, 2, NOW.plusSeconds(3600))
            .set(ConditionType.Available, true, "MinimumReplicasAvailable", "1/2")
            .set(ConditionType.Ready, false, "RolloutInProgress", "1/2")
            .build();

    assertThat(second).isEqualTo(first);
  }

  @Test
  void findReturnsTheConditionOfAType() {
    List<Condition> conditions =
        List.of(condition("Ready", "True", "Ready", 1L), condition("Synced", "False", "X", 1L));

    assertThat(Conditions.find(conditions, ConditionType.Synced))
        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("X"));
    assertThat(Conditions.find(conditions, ConditionType.Available)).isEmpty();
    assertThat(Conditions.find(null, ConditionType.Ready)).isEmpty();
  }

  @Test
  void isTrueHonoursTheGeneration() {
    List<Condition> readyAt3 = List.of(condition("Ready", "True", "Ready", 3L));

    assertThat(Conditions.isTrue(readyAt3, ConditionType.Ready, 3L)).isTrue();
    assertThat(Conditions.isTrue(readyAt3, ConditionType.Ready, 4L)).isFalse();
    assertThat(Conditions.isTrue(readyAt3, ConditionType.Ready, null)).isTrue();
    assertThat(Conditions.isTrue(readyAt3, ConditionType.Available, 3L)).isFalse();
  }

  @Test
  void isTrueIsFalseForFalseUnknownMissingOrUnstampedConditions() {
    assertThat(
            Conditions.isTrue(
                List.of(condition("Ready", "False", "X", 3L)), ConditionType.Ready, 3L))
        .isFalse();
    assertThat(
            Conditions.isTrue(
                List.of(condition("Ready", "Unknown", "X", 3L)), ConditionType.Ready, 3L))
        .isFalse();
    assertThat(
            Conditions.isTrue(
                List.of(condition("Ready", "True", "Ready", null)), ConditionType.Ready, 3L))
        .isFalse();
    assertThat(Conditions.isTrue(List.of(), ConditionType.Ready, null)).isFalse();
    assertThat(Conditions.isTrue(null, ConditionType.Ready, null)).isFalse();
  }

  @Test
  void conditionsOfOtherWritersAreKeptAsTheyAreAndSortedAfterKnownTypes() {
    io.hubia.api.v1alpha1.status.Condition foreign = new io.hubia.api.v1alpha1.status.Condition();
    foreign.setType("BackupDone");
    foreign.setStatus("Unknown");
    foreign.setReason("NotRunYet");
    foreign.setLastTransitionTime("2026-01-01T00:00:00Z");
    foreign.setObservedGeneration(1L);

    var built =
        Conditions.from(
                java.util.List.of(foreign), 3, java.time.Instant.parse("2026-11-28T10:00:00Z"))
            .keep(foreign)
            .set(ConditionType.Ready, false, "ReconcileError", "boom")
            .build();

    assertThat(built)
        .extracting(io.hubia.api.v1alpha1.status.Condition::getType)
        .containsExactly("Ready", "BackupDone");
    assertThat(built.get(1)).isEqualTo(foreign);
  }
}
