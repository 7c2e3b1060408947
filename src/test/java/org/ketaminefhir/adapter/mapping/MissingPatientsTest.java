package org.ketaminefhir.adapter.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.record.ClinicRecord;
import org.ketaminefhir.adapter.record.RecordChecker;

/** The bundle of a record when missing patients are created: {@link MissingPatients}. */
class MissingPatientsTest {

    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.999.1";
    private static final InstrumentCatalog INSTRUMENTS = InstrumentCatalog.load();

    private final ObjectMapper json = new ObjectMapper();
    private final FhirTerser terser = FhirContext.forR4Cached().newTerser();
    private final RecordChecker checker = new RecordChecker(json, INSTRUMENTS, Optional.empty());
    private final ResourceIdentities ids = new ResourceIdentities("urn:test", MRN_SYSTEM);
    private final RecordMapping referencing =
            RecordMapping.standard(ids, INSTRUMENTS, "Salem Ketamine Clinic", RemsSetting.unconfigured());
    private final RecordMapping creating = referencing.creatingMissingPatients();
    private final MappingContext context = new MappingContext(Instant.EPOCH, SessionDirectory.NONE);

    @Test
    void aRecordNamingThePatientInFullBringsAPatientCreatedOnlyIfNoneHasTheMrn() throws IOException {
        Bundle bundle = creating.transaction(record(session()), context);

        Bundle.BundleEntryComponent first = bundle.getEntryFirstRep();
        assertThat(first.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
        assertThat(first.getRequest().getUrl()).isEqualTo("Patient");
        assertThat(first.getRequest().getIfNoneExist()).isEqualTo("identifier=" + MRN_SYSTEM + "|100234");
        Patient patient = (Patient) first.getResource();
        assertThat(patient.getMeta().getProfile().get(0).getValue()).isEqualTo(Profiles.PATIENT);
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo("100234");
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Lane");
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1984-03-09");

        List<String> patientReferences = patientReferences(bundle);
        assertThat(patientReferences).isNotEmpty().allMatch(first.getFullUrl()::equals);
        assertThat(bundle.getEntry())
                .filteredOn(entry -> entry.getResource() instanceof Provenance)
                .singleElement()
                .satisfies(entry -> assertThat(((Provenance) entry.getResource()).getTarget())
                        .extracting(Reference::getReference)
                        .doesNotContain(first.getFullUrl()));
    }

    @Test
    void everyRecordOfThatMrnNamesTheSamePatientEntry() throws IOException {
        ObjectNode other = session();
        other.put("sourceId", "S-other");
        assertThat(creating.transaction(record(other), context)
                        .getEntryFirstRep()
                        .getFullUrl())
                .isEqualTo(creating.transaction(record(session()), context)
                        .getEntryFirstRep()
                        .getFullUrl());
    }

    @Test
    void aRecordNotNamingThePatientInFullRefersByMrnAsWithoutCreation() throws IOException {
        ObjectNode session = session();
        ((ObjectNode) session.get("patient")).remove("sex");

        Bundle bundle = creating.transaction(record(session), context);

        assertThat(bundle.getEntry()).noneMatch(entry -> entry.getResource() instanceof Patient);
        assertThat(patientReferences(bundle))
                .isNotEmpty()
                .allMatch(("Patient?identifier=" + MRN_SYSTEM + "|100234")::equals);
    }

    @Test
    void aRetractedRecordLeavesThePatientAlone() throws IOException {
        ObjectNode session = session();
        session.put("status", "entered-in-error").put("revision", 2);

        Patient patient = (Patient) creating.transaction(record(session), context)
                .getEntryFirstRep()
                .getResource();

        assertThat(patient.hasActive()).isFalse();
        assertThat(patient.getMeta().getTag()).isEmpty();
    }

    @Test
    void withoutCreationNoRecordBringsAPatient() throws IOException {
        assertThat(referencing.transaction(record(session()), context).getEntry())
                .noneMatch(entry -> entry.getResource() instanceof Patient);
    }

    private ObjectNode session() throws IOException {
        return (ObjectNode)
                json.readTree(Path.of("examples", "session-ketamine-iv.json").toFile());
    }

    private ClinicRecord record(ObjectNode input) {
        var checked = checker.check(input, "", null);
        assertThat(checked.errors()).isEmpty();
        return checked.record();
    }

    /** Every reference to the patient: by MRN, or to the Patient entry. */
    private List<String> patientReferences(Bundle bundle) {
        String patientEntry = ids.patientFullUrl(
                new org.ketaminefhir.adapter.record.PatientRef("100234", null, null, null, null, null));
        return bundle.getEntry().stream()
                .flatMap(entry ->
                        terser.getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class).stream())
                .map(Reference::getReference)
                .filter(reference ->
                        reference != null && (reference.startsWith("Patient") || reference.equals(patientEntry)))
                .toList();
    }
}
