package io.hubia.runtime.ingest.cmis;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.chemistry.opencmis.client.api.Property;
import org.apache.chemistry.opencmis.commons.PropertyIds;
import org.apache.chemistry.opencmis.commons.enums.PropertyType;

/**
 * A CMIS object's properties as document metadata and title.
 *
 * <p>Metadata: every string, id, URI, integer, decimal, boolean and date-time property with a value
 * ({@code cmis:objectTypeId}, {@code cmis:createdBy}, custom ones such as {@code hubia:antenne}),
 * keyed by its query name (its id when it has none) so that {@code metadata} label rules write the
 * name used in CMIS queries. Values are strings: dates as ISO-8601 instants ({@code
 * 2024-03-15T09:30:00Z}), decimals without exponent, each abbreviated to {@value #MAX_VALUE_CHARS}
 * characters, at most {@value #MAX_VALUES} per property. HTML properties are left out.
 */
final class CmisMetadata {
  static final int MAX_VALUE_CHARS = 2000;
  static final int MAX_VALUES = 100;

  /**
   * Title properties, in order of preference: Alfresco's {@code cm:title} (aspect {@code
   * cm:titled}), Dublin Core's {@code dc:title} (Nuxeo), and {@code cmis:title} of repositories
   * that name it so.
   */
  static final List<String> TITLE_PROPERTIES = List.of("cm:title", "dc:title", "cmis:title");

  private CmisMetadata() {}

  /** The metadata of {@code properties}, in their order. */
  static Map<String, List<String>> of(Collection<? extends Property<?>> properties) {
    Map<String, List<String>> metadata = new LinkedHashMap<>();
    if (properties == null) {
      return metadata;
    }
    for (Property<?> property : properties) {
      if (property == null || property.getType() == PropertyType.HTML) {
        continue;
      }
      List<String> values = values(property);
      if (!values.isEmpty()) {
        metadata.putIfAbsent(key(property), values);
      }
    }
    return metadata;
  }

  /** The key of a property: its query name, else its id. */
  static String key(Property<?> property) {
    String queryName = property.getQueryName();
    return queryName == null || queryName.isBlank() ? property.getId() : queryName;
  }

  /** The title the repository gives the object, if one of {@link #TITLE_PROPERTIES} has one. */
  static Optional<String> title(Collection<? extends Property<?>> properties) {
    if (properties == null) {
      return Optional.empty();
    }
    for (String name : TITLE_PROPERTIES) {
      for (Property<?> property : properties) {
        if (property != null && (name.equals(property.getId()) || name.equals(key(property)))) {
          List<String> values = values(property);
          if (!values.isEmpty() && !values.get(0).isBlank()) {
            return Optional.of(values.get(0).strip());
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The name of the object ({@code cmis:name}), or {@code null}. */
  static String name(Collection<? extends Property<?>> properties) {
    if (properties != null) {
      for (Property<?> property : properties) {
        if (property != null && PropertyIds.NAME.equals(property.getId())) {
          Object value = property.getFirstValue();
          return value == null ? null : value.toString();
        }
      }
    }
    return null;
  }

  private static List<String> values(Property<?> property) {
    List<?> raw = property.getValues();
    if (raw == null) {
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (Object value : raw) {
      if (values.size() == MAX_VALUES) {
        break;
      }
      String text = text(value);
      if (text != null && !text.isEmpty()) {
        values.add(abbreviate(text));
      }
    }
    return values;
  }

  /** A property value as text: dates as instants, decimals without exponent. */
  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Calendar calendar) {
      return calendar.toInstant().toString();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.stripTrailingZeros().toPlainString();
    }
    return value.toString();
  }

  private static String abbreviate(String s) {
    return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS) + "…";
  }
}
