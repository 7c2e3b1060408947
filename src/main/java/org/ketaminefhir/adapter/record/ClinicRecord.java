package org.ketaminefhir.adapter.record;

/** A record the clinic sends (docs/interface.md, Records); {@code (kind, sourceId)} is its identity everywhere. */
public sealed interface ClinicRecord permits SessionRecord, VitalsRecord, QuestionnaireRecord {

    RecordKind kind();

    String sourceId();

    int revision();

    PatientRef patient();

    /** {@code status: entered-in-error}: the clinic takes back everything the record produced (docs/fhir.md, What the EHR receives). */
    boolean retracted();

    /** The identity used in logs, receipts and errors: never PHI. */
    default String label() {
        return kind().wireName() + " " + sourceId();
    }
}
