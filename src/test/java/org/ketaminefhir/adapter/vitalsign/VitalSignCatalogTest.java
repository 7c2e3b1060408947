package org.ketaminefhir.adapter.vitalsign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The vital-sign catalog: every file of the folder, each consistent in itself and with the others. */
class VitalSignCatalogTest {

    private static final Path FOLDER = Path.of("src/main/resources/vital-signs");
    private final VitalSignCatalog catalog = VitalSignCatalog.load();

    @Test
    void everyFileOfTheFolderIsADefinition() throws IOException {
        try (Stream<Path> files = Files.list(FOLDER)) {
            List<String> parts = files.map(f -> f.getFileName().toString().replace(".json", ""))
                    .sorted()
                    .toList();
            assertThat(catalog.definitions())
                    .extracting(VitalSignDefinition::part)
                    .containsExactlyInAnyOrderElementsOf(parts);
        }
    }

    @Test
    void everyMeasurementHasWhatEveryChannelNeeds() {
        for (Measurement measurement : catalog.measurements()) {
            assertThat(measurement.column()).as(measurement.field()).matches("[a-z0-9_]+");
            assertThat(measurement.unit().code()).as(measurement.field()).isNotBlank();
            assertThat(measurement.range().min())
                    .as(measurement.field())
                    .isLessThan(measurement.range().max());
            assertThat(measurement.channels())
                    .as(measurement.field())
                    .isNotEmpty()
                    .isSubsetOf("session", "vitals");
            assertThat(measurement.hl7Codes()).as(measurement.field()).isNotEmpty();
            // the unit it is held in is one a device may send it in, unconverted
            assertThat(measurement.deviceUnit(measurement.unit().code(), ""))
                    .as(measurement.field())
                    .hasValueSatisfying(unit -> assertThat(unit.convert()).isNull());
        }
    }

    @Test
    void everyCodeNamesItsSourcesAndEverySourceIsCited() {
        for (VitalSignDefinition definition : catalog.definitions()) {
            Stream.concat(
                            definition.measurements().stream().flatMap(m -> m.hl7Codes().stream()),
                            definition.hl7Ignored().stream())
                    .forEach(code -> assertThat(code.sources())
                            .as(definition.part() + " " + code.code())
                            .isNotEmpty()
                            .allSatisfy(
                                    source -> assertThat(definition.sources()).containsKey(source)));
        }
    }

    @Test
    void aPanelHasCodedComponents() {
        VitalSignDefinition bloodPressure = catalog.definition("blood-pressure").orElseThrow();

        assertThat(bloodPressure.panel()).isTrue();
        assertThat(bloodPressure.components())
                .extracting(m -> m.code().get(0).code())
                .containsExactly("8480-6", "8462-4");
    }

    @Test
    void twoMeasurementsCannotShareAnHl7Code() {
        VitalSignDefinition heartRate = catalog.definition("heart-rate").orElseThrow();
        VitalSignDefinition copy = new VitalSignDefinition(
                "pulse",
                99,
                "pulse",
                heartRate.profile(),
                heartRate.code(),
                new Measurement(
                        "pulse",
                        "pulse",
                        List.of("vitals"),
                        List.of(),
                        heartRate.value().unit(),
                        heartRate.value().range(),
                        heartRate.value().hl7Codes(),
                        heartRate.value().units(),
                        true),
                List.of(),
                false,
                List.of(),
                heartRate.sources());

        assertThatThrownBy(() -> new VitalSignCatalog(List.of(heartRate, copy)))
                .hasMessageContaining("HL7 code '147842' twice");
    }

    @Test
    void anOperatorsIgnoreAndTheCatalogsKnownButNotSentCodesAreOne() {
        assertThat(catalog.hl7Measurement("150023")).contains(VitalSignCatalog.IGNORE);
        assertThat(catalog.hl7Measurement("149514")).contains("heartRate");
        assertThat(catalog.hl7Measurement("150033")).isEmpty();
    }
}
