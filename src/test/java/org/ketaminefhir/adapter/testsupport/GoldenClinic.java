package org.ketaminefhir.adapter.testsupport;

import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.mapping.RecordMapping;
import org.ketaminefhir.adapter.mapping.RemsSetting;
import org.ketaminefhir.adapter.mapping.ResourceIdentities;

/** The clinic the golden fixtures (src/test/resources/fixtures) were mapped for: its namespace, MRN system and REMS site. */
public final class GoldenClinic {

    public static final ResourceIdentities IDENTITIES =
            new ResourceIdentities("urn:ketamine-fhir-adapter:clinic:test", "urn:oid:2.16.840.1.113883.3.999.1");

    private GoldenClinic() {}

    /** The mapping whose bundles the golden {@code .expected.json} files hold. */
    public static RecordMapping mapping(InstrumentCatalog instruments) {
        return RecordMapping.standard(
                IDENTITIES,
                instruments,
                "Salem Ketamine Clinic",
                new RemsSetting(
                        true,
                        "Salem Ketamine Clinic",
                        "100 Main St",
                        null,
                        "Salem",
                        "OR",
                        "97301",
                        "503-555-0100",
                        "monitoring@salem-ketamine.example"));
    }
}
