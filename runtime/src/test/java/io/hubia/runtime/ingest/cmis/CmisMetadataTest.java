package io.hubia.runtime.ingest.cmis;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.chemistry.opencmis.client.api.Property;
import org.apache.chemistry.opencmis.client.runtime.PropertyImpl;
import org.apache.chemistry.opencmis.commons.definitions.PropertyDefinition;
import org.apache.chemistry.opencmis.commons.enums.Cardinality;
import org.apache.chemistry.opencmis.commons.enums.PropertyType;
import org.apache.chemistry.opencmis.commons.impl.dataobjects.AbstractPropertyDefinition;
import org.apache.chemistry.opencmis.commons.impl.dataobjects.PropertyBooleanDefinitionImpl;
import org.apache.chemistry.opencmis.commons.impl.dataobjects.PropertyDateTimeDefinitionImpl;
import org.apache.chemistry.opencmis.commons.impl.dataobjects.PropertyDecimalDefinitionImpl;
import org.apache.chemistry.opencmis.commons.impl.dataobjects.PropertyHtmlDefinitionImpl;
import org.apache.chemistry.opencmis.commons.impl.dataobjects.PropertyIdDefinitionImpl;
import org.apache.chemistry.opencmis.commons.impl.dataobjects.PropertyIntegerDefinitionImpl;
import org.apache.chemistry.opencmis.commons.impl.dataobjects.PropertyStringDefinitionImpl;
import org.junit.jupiter.api.Test;

class CmisMetadataTest {
  private static <T> Property<T> property(
      AbstractPropertyDefinition<T> definition,
      PropertyType type,
      String id,
      String queryName,
      List<T> values) {
    definition.setId(id);
    definition.setQueryName(queryName);
    definition.setPropertyType(type);
    definition.setCardinality(values.size() > 1 ? Cardinality.MULTI : Cardinality.SINGLE);
    return new PropertyImpl<>((PropertyDefinition<T>) definition, values);
  }

  private static Property<String> string(String id, String... values) {
    return property(
        new PropertyStringDefinitionImpl(), PropertyType.STRING, id, id, List.of(values));
  }

  @Test
  void everyScalarTypeBecomesTextKeyedByQueryName() {
    GregorianCalendar modified = new GregorianCalendar(TimeZone.getTimeZone("Europe/Paris"));
    modified.clear();
    modified.set(2024, Calendar.MARCH, 15, 10, 30, 0);

    Map<String, List<String>> metadata =
        CmisMetadata.of(
            List.of(
                property(
                    new PropertyIdDefinitionImpl(),
                    PropertyType.ID,
                    "cmis:objectTypeId",
                    "cmis:objectTypeId",
                    List.of("D:hubia:document")),
                string("hubia:antenne", "lyon"),
                string("hubia:motsCles", "bilan", "adhésions"),
                property(
                    new PropertyIntegerDefinitionImpl(),
                    PropertyType.INTEGER,
                    "hubia:annee",
                    "hubia:annee",
                    List.of(BigInteger.valueOf(2024))),
                property(
                    new PropertyDecimalDefinitionImpl(),
                    PropertyType.DECIMAL,
                    "hubia:taux",
                    "hubia:taux",
                    List.of(new BigDecimal("12.50"))),
                property(
                    new PropertyBooleanDefinitionImpl(),
                    PropertyType.BOOLEAN,
                    "hubia:public",
                    "hubia:public",
                    List.of(Boolean.TRUE)),
                property(
                    new PropertyDateTimeDefinitionImpl(),
                    PropertyType.DATETIME,
                    "cmis:lastModificationDate",
                    "cmis:lastModificationDate",
                    List.of(modified)),
                // an id that differs from the query name (InMemory: "artist" / "ARTIST")
                property(
                    new PropertyStringDefinitionImpl(),
                    PropertyType.STRING,
                    "artist",
                    "ARTIST",
                    List.of("Orchestre de Lyon"))));

    assertThat(metadata)
        .containsExactly(
            Map.entry("cmis:objectTypeId", List.of("D:hubia:document")),
            Map.entry("hubia:antenne", List.of("lyon")),
            Map.entry("hubia:motsCles", List.of("bilan", "adhésions")),
            Map.entry("hubia:annee", List.of("2024")),
            Map.entry("hubia:taux", List.of("12.5")),
            Map.entry("hubia:public", List.of("true")),
            Map.entry("cmis:lastModificationDate", List.of("2024-03-15T09:30:00Z")),
            Map.entry("ARTIST", List.of("Orchestre de Lyon")));
  }

  @Test
  void htmlAndEmptyPropertiesAreLeftOut() {
    Map<String, List<String>> metadata =
        CmisMetadata.of(
            List.of(
                property(
                    new PropertyHtmlDefinitionImpl(),
                    PropertyType.HTML,
                    "hubia:resume",
                    "hubia:resume",
                    List.of("<p>Résumé</p>")),
                string("cmis:description"),
                string("cmis:checkinComment", "")));

    assertThat(metadata).isEmpty();
  }

  @Test
  void longValuesAreAbbreviatedAndValuesCapped() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      many.add("mot" + i);
    }
    Map<String, List<String>> metadata =
        CmisMetadata.of(
            List.of(
                string("cmis:description", "é".repeat(2500)),
                string("hubia:motsCles", many.toArray(String[]::new))));

    assertThat(metadata.get("cmis:description").get(0))
        .hasSize(CmisMetadata.MAX_VALUE_CHARS + 1)
        .endsWith("é…");
    assertThat(metadata.get("hubia:motsCles"))
        .hasSize(CmisMetadata.MAX_VALUES)
        .startsWith("mot0")
        .endsWith("mot99");
  }

  @Test
  void theTitlePropertyIsAlfrescosThenDublinCoresThenCmisTitle() {
    assertThat(
            CmisMetadata.title(
                List.of(
                    string("cmis:name", "bilan.md"),
                    string("dc:title", "Titre Nuxeo"),
                    string("cm:title", " Bilan 2024 "))))
        .contains("Bilan 2024");
    assertThat(CmisMetadata.title(List.of(string("cm:title", " "), string("dc:title", "Titre"))))
        .contains("Titre");
    assertThat(CmisMetadata.title(List.of(string("cmis:name", "bilan.md")))).isEmpty();
    assertThat(CmisMetadata.name(List.of(string("cmis:name", "bilan.md")))).isEqualTo("bilan.md");
  }
}
