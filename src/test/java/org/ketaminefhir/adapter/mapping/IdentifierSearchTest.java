package org.ketaminefhir.adapter.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Values in a FHIR search are data: escaped as FHIR search requires, then percent-encoded. */
class IdentifierSearchTest {

    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.999";

    @Test
    void anOrdinaryIdentifierReadsAsBefore() {
        assertThat(IdentifierSearch.url("Patient", MRN_SYSTEM, "100234"))
                .isEqualTo("Patient?identifier=" + MRN_SYSTEM + "|100234");
    }

    @Test
    void searchSyntaxInAValueIsEscapedThenEncoded() {
        assertThat(IdentifierSearch.query(MRN_SYSTEM, "A,B")).isEqualTo("identifier=" + MRN_SYSTEM + "|A%5C%2CB");
        assertThat(IdentifierSearch.query(MRN_SYSTEM, "C|D")).endsWith("|C%5C%7CD");
        assertThat(IdentifierSearch.query(MRN_SYSTEM, "F$G")).endsWith("|F%5C%24G");
        assertThat(IdentifierSearch.query(MRN_SYSTEM, "H\\I")).endsWith("|H%5C%5CI");
        assertThat(IdentifierSearch.query(MRN_SYSTEM, "X&_id=1")).endsWith("|X%26_id%3D1");
        assertThat(IdentifierSearch.query(MRN_SYSTEM, "J K+L%4F")).endsWith("|J%20K%2BL%254F");
    }

    @Test
    void theValueIsReadBackFromTheUrl() {
        for (String value :
                new String[] {"100234", "A,B", "C|D", "F$G", "H\\I", "X&_id=1", "J K+L%4F", "session/S-1/encounter"}) {
            assertThat(IdentifierSearch.value(IdentifierSearch.url("Encounter", "urn:a|b", value)))
                    .contains(value);
        }
        assertThat(IdentifierSearch.value("Provenance/kfa-1")).isEmpty();
        assertThat(IdentifierSearch.value("Patient")).isEmpty();
    }
}
