package org.ketaminefhir.testserver;

/**
 * Which EHR an {@link InProcessFhirServer} behaves like: the vendor's published CapabilityStatement
 * (src/test/resources/ehr-capabilities) and the name of the vendor's rule set ({@link VendorRuleSets}).
 * {@link #FULL} is an unshaped HAPI server that takes everything (transactions, conditional operations,
 * references by search), like HAPI, Smile, Azure, Google, Aidbox or Medplum.
 */
public enum EhrShape {
    FULL(null, VendorRuleSets.NONE),
    EPIC("epic-r4.json", "epic"),
    ORACLE_HEALTH("oracle-health-millennium-r4-secure.json", "oracle"),
    ATHENAHEALTH("athenahealth-r4.json", VendorRuleSets.NONE);

    private final String statement;
    private final String rules;

    EhrShape(String statement, String rules) {
        this.statement = statement;
        this.rules = rules;
    }

    public boolean shaped() {
        return statement != null;
    }

    /** Classpath resource of the vendor's CapabilityStatement. */
    public String statementResource() {
        return "/ehr-capabilities/" + statement;
    }

    public String rules() {
        return rules;
    }
}
