package org.ketaminefhir.adapter.mapping;

import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.adapter.record.ClinicRecord;

/**
 * US Core Provenance for everything a record produced (docs/fhir.md, Codes and their sources): the clinic as author, the
 * adapter as transmitter, the clinic's record id as the source entity.
 */
final class ProvenanceMapper {

    static final String PART = "provenance";

    private final String clinicName;

    ProvenanceMapper(String clinicName) {
        this.clinicName = clinicName;
    }

    Provenance provenance(ClinicRecord record, List<MappedResource> targets, MappingScope scope) {
        Provenance provenance = new Provenance();
        provenance.getMeta().addProfile(Profiles.PROVENANCE);
        for (MappedResource target : targets) {
            provenance.addTarget(new Reference(target.fullUrl()));
        }
        provenance.setRecordedElement(FhirTime.instant(scope.context().receivedAt()));
        provenance
                .addAgent()
                .setType(participant(CodeSystems.PROVENANCE_PARTICIPANT_TYPE, "author", "Author"))
                .setWho(new Reference()
                        .setType("Organization")
                        .setIdentifier(new Identifier()
                                .setSystem(scope.ids().namespace())
                                .setValue("organization/clinic"))
                        .setDisplay(clinicName));
        provenance
                .addAgent()
                .setType(participant(CodeSystems.US_CORE_PROVENANCE_PARTICIPANT_TYPE, "transmitter", "Transmitter"))
                .setWho(new Reference()
                        .setType("Device")
                        .setIdentifier(new Identifier()
                                .setSystem(scope.ids().namespace())
                                .setValue("device/ketamine-fhir-adapter"))
                        .setDisplay("ketamine-fhir-adapter"))
                .setOnBehalfOf(new Reference()
                        .setType("Organization")
                        .setIdentifier(new Identifier()
                                .setSystem(scope.ids().namespace())
                                .setValue("organization/clinic")));
        provenance
                .addEntity()
                .setRole(Provenance.ProvenanceEntityRole.SOURCE)
                .setWhat(new Reference()
                        .setIdentifier(new Identifier()
                                .setSystem(scope.ids().namespace())
                                .setValue(record.kind().wireName() + "/" + record.sourceId()))
                        .setDisplay(
                                record.kind().wireName() + " " + record.sourceId() + " revision " + record.revision()));
        return provenance;
    }

    private static CodeableConcept participant(String system, String code, String display) {
        return new CodeableConcept(new Coding(system, code, display));
    }
}
