package io.hubia.api.validation;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A custom resource for a test: a YAML file under {@code validation/} on the test classpath, with
 * edits applied, e.g. {@code Example.of("agentworkflow/full.yaml",
 * remove("/spec/model/endpoint"))}.
 */
record Example(String base, List<Edit> edits) {
  /** A change to the base document at a JSON pointer. */
  sealed interface Edit permits Set, Remove {}

  /** Sets (or, with a final {@code -}, appends) the YAML value at the pointer. */
  record Set(String pointer, String yaml) implements Edit {
    @Override
    public String toString() {
      return pointer + " = " + yaml;
    }
  }

  /** Removes the field or list item at the pointer. */
  record Remove(String pointer) implements Edit {
    @Override
    public String toString() {
      return "remove " + pointer;
    }
  }

  static Example of(String base, Edit... edits) {
    return new Example(base, List.of(edits));
  }

  static Edit set(String pointer, String yaml) {
    return new Set(pointer, yaml);
  }

  static Edit remove(String pointer) {
    return new Remove(pointer);
  }

  /** The edited document. Fails if a pointer's parent does not exist, so that no edit is lost. */
  JsonNode build() {
    JsonNode document = CrdSchema.readResource("validation/" + base);
    for (Edit edit : edits) {
      String pointer = edit instanceof Set s ? s.pointer() : ((Remove) edit).pointer();
      JsonPointer path = JsonPointer.compile(pointer);
      JsonNode parent = document.at(path.head());
      String last = path.last().getMatchingProperty();
      if (parent instanceof ObjectNode object) {
        if (edit instanceof Set s) {
          object.set(last, CrdSchema.readYaml(s.yaml()));
        } else if (object.remove(last) == null) {
          throw new IllegalArgumentException(base + ": nothing to remove at " + pointer);
        }
      } else if (parent instanceof ArrayNode array) {
        if (edit instanceof Set s) {
          JsonNode value = CrdSchema.readYaml(s.yaml());
          if (last.equals("-")) {
            array.add(value);
          } else {
            array.set(index(array, last, pointer), value);
          }
        } else {
          array.remove(index(array, last, pointer));
        }
      } else {
        throw new IllegalArgumentException(base + ": no object or list at " + path.head());
      }
    }
    return document;
  }

  private int index(ArrayNode array, String segment, String pointer) {
    int i = Integer.parseInt(segment);
    if (i < 0 || i >= array.size()) {
      throw new IllegalArgumentException(base + ": no item at " + pointer);
    }
    return i;
  }

  @Override
  public String toString() {
    return edits.isEmpty() ? base : base + " with " + edits;
  }
}
