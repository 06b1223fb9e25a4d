package io.hubia.eval;

import java.util.List;

/**
 * A golden set as a file declares it: its cases and the documents it plants in a shadow index for
 * its shadow cases ({@link GoldenCase#shadow}).
 *
 * @param cases the cases, in file order
 * @param plant the planted documents; empty when the file plants none
 */
public record GoldenSet(List<GoldenCase> cases, List<PlantedDocument> plant) {

  /** Freezes the lists. */
  public GoldenSet {
    cases = List.copyOf(cases);
    plant = plant == null ? List.of() : List.copyOf(plant);
  }

  /** The cases asked against the shadow with the planted documents. */
  public List<GoldenCase> shadowCases() {
    return cases.stream().filter(GoldenCase::shadow).toList();
  }
}
