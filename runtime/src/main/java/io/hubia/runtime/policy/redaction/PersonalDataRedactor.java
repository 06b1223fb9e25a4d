package io.hubia.runtime.policy.redaction;

import io.hubia.api.v1alpha1.spec.PersonalDataType;
import io.hubia.api.v1alpha1.spec.RedactionSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds and replaces personal data: e-mail addresses, phone numbers, IBANs, NIRs, SIRENs, SIRETs
 * and payment card numbers (one {@link Detector} each). Immutable and thread-safe; built once per
 * policy.
 *
 * <p>Numbers are replaced only when their check digits hold (IBAN mod 97, NIR key, Luhn for SIREN,
 * SIRET and cards): a number that fails them is an amount, a date, a reference or an article of
 * law, and is left as written. E-mail addresses and phone numbers have no check digit; phone
 * numbers must be valid in their country's numbering plan.
 *
 * <p>Overlaps are resolved the same way every time: every detector runs, then the longest detection
 * wins, and between detections of the same length the more specific kind (e-mail, IBAN, NIR, SIRET,
 * SIREN, payment card, phone, in that order). So a SIRET is one SIRET, not a SIREN and five digits;
 * a NIR or an IBAN is never partly a phone number. Only then are the kinds the policy does not
 * redact dropped: with SIRETs kept, a SIRET stays whole rather than losing its SIREN.
 *
 * <p>The replacement is the policy's, where {@code {type}} becomes {@code EMAIL}, {@code PHONE},
 * {@code IBAN}, {@code NIR}, {@code SIREN}, {@code SIRET} or {@code CARD}; by default {@code
 * [{type}]}, so {@code [EMAIL]}.
 */
public final class PersonalDataRedactor {
  /** The replacement when the policy gives none. */
  public static final String DEFAULT_REPLACEMENT = "[{type}]";

  /** The placeholder of the kind in a replacement. */
  public static final String TYPE_PLACEHOLDER = "{type}";

  /** Every detector, most specific kind first: the order that breaks ties between overlaps. */
  private static final List<Detector> DETECTORS =
      List.of(
          new EmailDetector(),
          new IbanDetector(),
          new NirDetector(),
          new SiretDetector(),
          new SirenDetector(),
          new PaymentCardDetector(),
          new PhoneDetector());

  private static final Map<PersonalDataType, Integer> PRIORITY = priorities();

  private final Set<PersonalDataType> types;
  private final String replacement;
  private final Map<PersonalDataType, String> replacements;

  /**
   * @param types the kinds replaced; empty means all
   * @param replacement the replacement, {@code {type}} standing for the kind; {@code null} for
   *     {@link #DEFAULT_REPLACEMENT}
   */
  public PersonalDataRedactor(Collection<PersonalDataType> types, String replacement) {
    this.types =
        Collections.unmodifiableSet(
            types == null || types.isEmpty()
                ? EnumSet.allOf(PersonalDataType.class)
                : EnumSet.copyOf(types));
    this.replacement = replacement == null ? DEFAULT_REPLACEMENT : replacement;
    Map<PersonalDataType, String> byType = new EnumMap<>(PersonalDataType.class);
    for (PersonalDataType type : PersonalDataType.values()) {
      byType.put(type, this.replacement.replace(TYPE_PLACEHOLDER, label(type)));
    }
    this.replacements = Collections.unmodifiableMap(byType);
  }

  /** The redactor of a policy's {@code redaction} section (defaults when {@code null}). */
  public static PersonalDataRedactor of(RedactionSpec spec) {
    return spec == null
        ? new PersonalDataRedactor(null, null)
        : new PersonalDataRedactor(spec.getTypes(), spec.getReplacement());
  }

  /** The kinds replaced. */
  public Set<PersonalDataType> types() {
    return types;
  }

  /** The replacement, {@code {type}} not yet substituted. */
  public String replacement() {
    return replacement;
  }

  /** What replaces a piece of data of {@code type}. */
  public String replacement(PersonalDataType type) {
    return replacements.get(type);
  }

  /** The name of a kind in replacements: {@code EMAIL}, {@code PHONE}, ... {@code CARD}. */
  public static String label(PersonalDataType type) {
    return switch (type) {
      case Email -> "EMAIL";
      case Phone -> "PHONE";
      case Iban -> "IBAN";
      case Nir -> "NIR";
      case Siren -> "SIREN";
      case Siret -> "SIRET";
      case PaymentCard -> "CARD";
    };
  }

  /** {@code text} with its personal data of the redacted kinds replaced, and their counts. */
  public Redacted redact(String text) {
    if (!mayHoldPersonalData(text)) {
      return Redacted.unchanged(text);
    }
    List<Detection> found = detect(text);
    if (found.isEmpty()) {
      return Redacted.unchanged(text);
    }
    StringBuilder out = new StringBuilder(text.length());
    Map<PersonalDataType, Integer> counts = new EnumMap<>(PersonalDataType.class);
    int from = 0;
    for (Detection d : found) {
      out.append(text, from, d.start()).append(replacements.get(d.type()));
      counts.merge(d.type(), 1, Integer::sum);
      from = d.end();
    }
    out.append(text, from, text.length());
    return new Redacted(out.toString(), counts);
  }

  /** The personal data of the redacted kinds in {@code text}, in order, overlaps resolved. */
  public List<Detection> detect(String text) {
    if (!mayHoldPersonalData(text)) {
      return List.of();
    }
    List<Detection> all = new ArrayList<>();
    for (Detector detector : DETECTORS) {
      detector.find(text, all);
    }
    return resolve(all).stream().filter(d -> types.contains(d.type())).toList();
  }

  /**
   * The detections that survive overlaps: longest first, then the more specific kind, then the
   * earlier one; returned in text order.
   */
  static List<Detection> resolve(List<Detection> all) {
    List<Detection> candidates = new ArrayList<>(all);
    candidates.sort(
        Comparator.comparingInt(Detection::length)
            .reversed()
            .thenComparing(d -> PRIORITY.get(d.type()))
            .thenComparingInt(Detection::start));
    List<Detection> kept = new ArrayList<>();
    for (Detection d : candidates) {
      if (kept.stream().noneMatch(d::overlaps)) {
        kept.add(d);
      }
    }
    kept.sort(Comparator.comparingInt(Detection::start));
    return kept;
  }

  /** Every kind needs a digit, except e-mail addresses, which need an {@code @}. */
  private static boolean mayHoldPersonalData(String text) {
    if (text == null || text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '@' || (c >= '0' && c <= '9')) {
        return true;
      }
    }
    return false;
  }

  private static Map<PersonalDataType, Integer> priorities() {
    Map<PersonalDataType, Integer> priority = new EnumMap<>(PersonalDataType.class);
    for (int i = 0; i < DETECTORS.size(); i++) {
      priority.put(DETECTORS.get(i).type(), i);
    }
    if (priority.size() != PersonalDataType.values().length) {
      throw new IllegalStateException("a kind of personal data has no detector");
    }
    return Collections.unmodifiableMap(priority);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PersonalDataRedactor r
        && types.equals(r.types)
        && replacement.equals(r.replacement);
  }

  @Override
  public int hashCode() {
    return Objects.hash(types, replacement);
  }

  @Override
  public String toString() {
    return "PersonalDataRedactor" + types + " -> " + replacement;
  }
}
