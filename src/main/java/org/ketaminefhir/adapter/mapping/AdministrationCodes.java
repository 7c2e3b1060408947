package org.ketaminefhir.adapter.mapping;

import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** Drug and route codes for MedicationAdministration (docs/fhir.md, Codes and their sources). */
final class AdministrationCodes {

    // RxNorm: ketamine ingredient 6130; esketamine nasal spray SCDF 2201623 (docs/fhir.md, Codes and their sources
    // [S8])
    private static final Map<String, Coding> DRUGS = Map.of(
            "ketamine", new Coding(CodeSystems.RXNORM, "6130", "ketamine"),
            "esketamine", new Coding(CodeSystems.RXNORM, "2201623", "esketamine Nasal Spray"));
    private static final Map<String, String> DRUG_TEXT = Map.of(
            "ketamine", "Ketamine hydrochloride (racemic)",
            "esketamine", "Esketamine nasal spray (Spravato)");
    // SNOMED CT routes (docs/fhir.md, Codes and their sources)
    private static final Map<String, Coding> ROUTES = Map.of(
            "IV", new Coding(CodeSystems.SNOMED, "47625008", "Intravenous route"),
            "IM", new Coding(CodeSystems.SNOMED, "78421000", "Intramuscular route"),
            "IN", new Coding(CodeSystems.SNOMED, "46713006", "Nasal route"),
            "PO", new Coding(CodeSystems.SNOMED, "26643006", "Oral route"),
            "SL", new Coding(CodeSystems.SNOMED, "37839007", "Sublingual route"));

    private AdministrationCodes() {}

    static CodeableConcept drug(String drug) {
        return new CodeableConcept(DRUGS.get(drug).copy()).setText(DRUG_TEXT.get(drug));
    }

    static CodeableConcept route(String route) {
        Coding coding = ROUTES.get(route).copy();
        return new CodeableConcept(coding).setText(coding.getDisplay());
    }
}
