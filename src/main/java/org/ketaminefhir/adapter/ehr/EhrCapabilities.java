package org.ketaminefhir.adapter.ehr;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;

/**
 * What an EHR's CapabilityStatement says its FHIR server takes: the system interactions (transaction,
 * batch), and per resource type the interactions, the conditional create and update flags and the search
 * parameters. Only what the statement declares counts: a type, interaction or flag it leaves out is not
 * offered, because real EHRs refuse what they do not declare (Epic declares no batch and answers one 405).
 * Only the statement's {@code server} parts are read; a client part says what the vendor's client does.
 */
public final class EhrCapabilities {

    private final CapabilityStatement statement;
    private final Set<SystemRestfulInteraction> system = EnumSet.noneOf(SystemRestfulInteraction.class);
    private final Map<String, Declared> types = new LinkedHashMap<>();

    private EhrCapabilities(CapabilityStatement statement) {
        this.statement = statement;
        for (CapabilityStatementRestComponent rest : statement.getRest()) {
            if (rest.getMode() == RestfulCapabilityMode.CLIENT) {
                continue;
            }
            rest.getInteraction().stream().filter(i -> i.getCode() != null).forEach(i -> system.add(i.getCode()));
            rest.getResource()
                    .forEach(resource -> types.computeIfAbsent(resource.getType(), t -> new Declared())
                            .add(resource));
        }
    }

    public static EhrCapabilities of(CapabilityStatement statement) {
        return new EhrCapabilities(statement);
    }

    /** The statement as an EHR's {@code /metadata} answers it (JSON or XML). */
    public static EhrCapabilities parse(FhirContext fhir, String statement) {
        EncodingEnum encoding = EncodingEnum.detectEncodingNoDefault(statement);
        return of((encoding == null ? EncodingEnum.JSON : encoding)
                .newParser(fhir)
                .parseResource(CapabilityStatement.class, statement));
    }

    /** The statement these capabilities were read from. */
    public CapabilityStatement statement() {
        return statement;
    }

    /**
     * A field that names who made the statement: {@code publisher}, or {@code software} (the software's name);
     * empty when the statement leaves it out.
     */
    public String describedBy(String field) {
        return switch (field) {
            case "publisher" -> statement.hasPublisher() ? statement.getPublisher() : "";
            case "software" ->
                statement.getSoftware().hasName() ? statement.getSoftware().getName() : "";
            default ->
                throw new IllegalArgumentException("a plan recognizes an EHR by publisher or software, not " + field);
        };
    }

    public boolean offersTransaction() {
        return system.contains(SystemRestfulInteraction.TRANSACTION);
    }

    public boolean offersBatch() {
        return system.contains(SystemRestfulInteraction.BATCH);
    }

    public Set<SystemRestfulInteraction> systemInteractions() {
        return Collections.unmodifiableSet(system);
    }

    /** The resource types the statement declares, in its order. */
    public Set<String> resourceTypes() {
        return Collections.unmodifiableSet(types.keySet());
    }

    /** The interactions declared for a resource type: none for a type the statement does not name. */
    public Set<TypeRestfulInteraction> interactions(String resourceType) {
        Declared declared = types.get(resourceType);
        return declared == null ? Set.of() : Collections.unmodifiableSet(declared.interactions);
    }

    public boolean offers(String resourceType, TypeRestfulInteraction interaction) {
        return interactions(resourceType).contains(interaction);
    }

    /** {@code conditionalCreate} declared true (If-None-Exist, or a Bundle entry's ifNoneExist). */
    public boolean offersConditionalCreate(String resourceType) {
        Declared declared = types.get(resourceType);
        return declared != null && declared.conditionalCreate;
    }

    /** {@code conditionalUpdate} declared true ({@code PUT [type]?search}). */
    public boolean offersConditionalUpdate(String resourceType) {
        Declared declared = types.get(resourceType);
        return declared != null && declared.conditionalUpdate;
    }

    /** The search parameters declared for a resource type, by name (what a lookup may search by). */
    public Set<String> searchParams(String resourceType) {
        Declared declared = types.get(resourceType);
        return declared == null ? Set.of() : Collections.unmodifiableSet(declared.searchParams);
    }

    /** A type may appear in several rest parts (rare): what any of them declares counts. */
    private static final class Declared {
        final Set<TypeRestfulInteraction> interactions = EnumSet.noneOf(TypeRestfulInteraction.class);
        final Set<String> searchParams = new LinkedHashSet<>();
        boolean conditionalCreate;
        boolean conditionalUpdate;

        void add(CapabilityStatementRestResourceComponent resource) {
            resource.getInteraction().stream()
                    .filter(i -> i.getCode() != null)
                    .forEach(i -> interactions.add(i.getCode()));
            resource.getSearchParam().forEach(p -> searchParams.add(p.getName()));
            conditionalCreate |= resource.getConditionalCreate();
            conditionalUpdate |= resource.getConditionalUpdate();
        }
    }
}
