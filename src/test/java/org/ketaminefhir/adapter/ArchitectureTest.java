package org.ketaminefhir.adapter;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The adapter's packages and what each may use. The graph has no cycle, so each package can be read and
 * tested with only the ones below it: a new package, or a use this table does not allow, fails here and is
 * decided on purpose (add it to the table) rather than found later as a tangle.
 */
@AnalyzeClasses(packages = "org.ketaminefhir.adapter", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("org.ketaminefhir.adapter.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule packagesUseOnlyWhatTheyAreAllowedTo = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture()
            .layer("application")
            .definedBy("org.ketaminefhir.adapter")
            .layer("api")
            .definedBy("org.ketaminefhir.adapter.api..")
            .layer("channel")
            .definedBy("org.ketaminefhir.adapter.channel..")
            .layer("cli")
            .definedBy("org.ketaminefhir.adapter.cli..")
            .layer("config")
            .definedBy("org.ketaminefhir.adapter.config..")
            .layer("delivery")
            .definedBy("org.ketaminefhir.adapter.delivery..")
            .layer("ehr")
            .definedBy("org.ketaminefhir.adapter.ehr..")
            .layer("instrument")
            .definedBy("org.ketaminefhir.adapter.instrument..")
            .layer("journal")
            .definedBy("org.ketaminefhir.adapter.journal..")
            .layer("mapping")
            .definedBy("org.ketaminefhir.adapter.mapping..")
            .layer("ops")
            .definedBy("org.ketaminefhir.adapter.ops..")
            .layer("profile")
            .definedBy("org.ketaminefhir.adapter.profile..")
            .layer("record")
            .definedBy("org.ketaminefhir.adapter.record..")
            .layer("vitalsign")
            .definedBy("org.ketaminefhir.adapter.vitalsign..")
            .whereLayer("application")
            .mayOnlyAccessLayers("cli")
            .whereLayer("api")
            .mayOnlyAccessLayers("config", "ehr", "journal", "mapping", "ops", "profile", "record")
            .whereLayer("channel")
            .mayOnlyAccessLayers("config", "journal", "record", "vitalsign")
            .whereLayer("cli")
            .mayOnlyAccessLayers("api", "channel", "mapping", "profile", "record")
            .whereLayer("config")
            .mayNotAccessAnyLayer()
            .whereLayer("delivery")
            .mayOnlyAccessLayers("config", "ehr", "journal", "mapping", "profile", "record")
            .whereLayer("ehr")
            .mayNotAccessAnyLayer()
            .whereLayer("instrument")
            .mayNotAccessAnyLayer()
            .whereLayer("journal")
            .mayOnlyAccessLayers("ehr", "mapping", "record")
            // metrics and health reach delivery through its listener interface and its gateway
            .whereLayer("ops")
            .mayOnlyAccessLayers("delivery", "ehr", "journal")
            .whereLayer("profile")
            .mayOnlyAccessLayers("mapping", "record", "vitalsign")
            .whereLayer("mapping")
            .mayOnlyAccessLayers("config", "instrument", "record", "vitalsign")
            // the checker reads the instrument catalog as the mapper does, each without the other
            .whereLayer("record")
            .mayOnlyAccessLayers("config", "instrument", "vitalsign")
            .whereLayer("vitalsign")
            .mayNotAccessAnyLayer();
}
