package org.ketaminefhir.adapter.ehr;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.Test;

/** The note types a plan may choose are exactly US Core 6.1.0's Clinical Note Type value set, read from the package. */
class NoteTypesTest {

    @Test
    void theChoicesAreUsCoresClinicalNoteTypes() throws IOException {
        ValueSet valueSet;
        try (InputStream tgz =
                NoteTypesTest.class.getResourceAsStream("/fhir-profiles/dependencies/hl7.fhir.us.core-6.1.0.tgz")) {
            NpmPackage usCore = NpmPackage.fromPackage(tgz);
            try (InputStream in = usCore.load("package", "ValueSet-us-core-clinical-note-type.json")) {
                valueSet = FhirContext.forR4Cached().newJsonParser().parseResource(ValueSet.class, in);
            }
        }

        assertThat(valueSet.getCompose().getInclude()).singleElement().satisfies(include -> {
            assertThat(include.getSystem()).isEqualTo("http://loinc.org");
            assertThat(include.getConcept())
                    .extracting(ValueSet.ConceptReferenceComponent::getCode)
                    .containsExactlyInAnyOrderElementsOf(NoteTypes.US_CORE_CLINICAL_NOTE_TYPES.keySet());
        });
    }
}
