package org.ketaminefhir.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class MrnMaskTest {

    private final MrnMask mask = MrnMask.of(List.of("100234"));

    @Test
    void theRecordsMrnIsMaskedWhereverTheEhrQuotesIt() {
        assertThat(mask.apply("Patient 100234 is not registered")).isEqualTo("Patient ••••34 is not registered");
        assertThat(mask.apply("no match for Patient?identifier=urn:oid:1.2.3|100234"))
                .isEqualTo("no match for Patient?identifier=urn:oid:1.2.3|••••34");
        assertThat(mask.apply("GET Patient?identifier=urn%3Aoid%3A1.2.3%7C100234&_count=1"))
                .isEqualTo("GET Patient?identifier=urn%3Aoid%3A1.2.3%7C••••34&_count=1");
    }

    @Test
    void anIdentifierSearchIsMaskedWhoeverItNames() {
        assertThat(mask.apply("2 matches for identifier=urn:mrn|A-998877"))
                .isEqualTo("2 matches for identifier=urn:mrn|••••••77");
        assertThat(mask.apply("identifier=555123 is ambiguous")).isEqualTo("identifier=••••23 is ambiguous");
        assertThat(mask.apply("none for Patient?identifier=urn:mrn|A-998877"))
                .isEqualTo("none for Patient?identifier=urn:mrn|••••••77");
    }

    @Test
    void theAdaptersOwnIdentifiersOfOtherResourcesStayReadable() {
        assertThat(mask.apply("several resources match Encounter?identifier=urn:clinic|session/S-1/encounter"))
                .isEqualTo("several resources match Encounter?identifier=urn:clinic|session/S-1/encounter");
    }

    @Test
    void escapedAndEncodedFormsOfAnMrnAreMaskedWhole() {
        MrnMask hostile = MrnMask.of(List.of("A,B|7 9"));

        assertThat(hostile.apply("Patient A,B|7 9 and A\\,B\\|7 9 and A%2CB%7C7+9"))
                .doesNotContain("A,B", "A\\,B", "A%2CB");
    }

    @Test
    void anMrnInsideALongerNumberIsNotMaskedSoDatesAndCodesStayReadable() {
        MrnMask shortMrn = MrnMask.of(List.of("2026"));

        assertThat(shortMrn.apply("at 20261120 for 2026")).isEqualTo("at 20261120 for ••••");
    }

    @Test
    void everyStringOfAnOperationOutcomeIsMasked() throws Exception {
        JsonNode outcome = new ObjectMapper().readTree("""
                {"resourceType": "OperationOutcome", "issue": [{"severity": "error",
                  "diagnostics": "Patient?identifier=urn:mrn|100234 matched nothing", "expression": ["Patient.identifier"]}]}
                """);

        JsonNode masked = mask.apply(outcome);

        assertThat(masked.toString())
                .doesNotContain("100234")
                .contains("••••34")
                .contains("Patient.identifier");
        assertThat(outcome.toString()).as("the stored answer is untouched").contains("100234");
    }
}
