package org.ketaminefhir.adapter.profile;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

/** What a root reaches: {@link DefinitionClosure}. */
class DefinitionClosureTest {

    private static final String BASE = DefinitionClosure.BASE;

    private final StructureDefinition profile = structure("urn:profile", BASE + "Observation");
    private final StructureDefinition observation = structure(BASE + "Observation", BASE + "DomainResource");
    private final StructureDefinition domainResource = structure(BASE + "DomainResource", null);
    private final StructureDefinition quantity = structure(BASE + "Quantity", null);
    private final StructureDefinition extension = structure("urn:extension", null);
    private final StructureDefinition patient = structure(BASE + "Patient", BASE + "DomainResource");
    private final StructureDefinition usPatient = structure("urn:us-patient", BASE + "Patient");
    private final StructureDefinition address = structure(BASE + "Address", null);
    private final StructureDefinition unrelated = structure(BASE + "AllergyIntolerance", null);
    private final StructureDefinition maturity = structure("urn:maturity", null);
    private final ValueSet units = new ValueSet();
    private final CodeSystem ucumLike = new CodeSystem();

    DefinitionClosureTest() {
        units.setUrl("urn:units").getCompose().addInclude().setSystem("urn:unit-system");
        ucumLike.setUrl("urn:unit-system");
        ElementDefinition value = profile.getDifferential().addElement().setPath("Observation.value[x]");
        value.addType().setCode("Quantity");
        value.getBinding().setValueSet("urn:units|1.0");
        profile.getDifferential()
                .addElement()
                .setPath("Observation.extension")
                .addType()
                .setCode("Extension")
                .addProfile("urn:extension");
        profile.getDifferential()
                .addElement()
                .setPath("Observation.subject")
                .addType()
                .setCode("Reference")
                .addTargetProfile("urn:us-patient");
        patient.getSnapshot().addElement().setPath("Patient.address").addType().setCode("Address");
        profile.addExtension("urn:maturity", new org.hl7.fhir.r4.model.IntegerType(2));
    }

    private DefinitionClosure closure() {
        return new DefinitionClosure(
                FhirContext.forR4Cached(),
                List.of(List.of(
                        profile,
                        observation,
                        domainResource,
                        quantity,
                        extension,
                        patient,
                        usPatient,
                        address,
                        unrelated,
                        maturity,
                        units,
                        ucumLike)));
    }

    @Test
    void aProfileReachesItsBaseItsTypesItsExtensionsItsBindingsAndTheirSystems() {
        assertThat(closure().from(List.of("urn:profile")).keySet())
                .contains(
                        "urn:profile",
                        BASE + "Observation",
                        BASE + "DomainResource",
                        BASE + "Quantity",
                        "urn:extension",
                        "urn:units",
                        "urn:unit-system");
    }

    @Test
    void anExtensionTheDefinitionItselfCarriesIsReadNotFollowed() {
        assertThat(closure().from(List.of("urn:profile")).keySet()).doesNotContain("urn:maturity");
    }

    @Test
    void aReferencesTargetProfilesComeWithTheirBasesButNotWhatTheyName() {
        assertThat(closure().from(List.of("urn:profile")).keySet())
                .contains("urn:us-patient", BASE + "Patient")
                .doesNotContain(BASE + "Address", BASE + "AllergyIntolerance");
    }

    @Test
    void whatIsReachedFullyIsNotCutShortByBeingATargetToo() {
        assertThat(closure().from(List.of("urn:profile", BASE + "Patient")).keySet())
                .contains(BASE + "Address");
    }

    private static StructureDefinition structure(String url, String base) {
        StructureDefinition structure = new StructureDefinition();
        structure.setUrl(url);
        if (base != null) {
            structure.setBaseDefinition(base);
        }
        return structure;
    }
}
