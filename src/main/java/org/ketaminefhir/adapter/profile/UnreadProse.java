package org.ketaminefhir.adapter.profile;

import java.util.Collection;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Drops, from definitions loaded for the validator, the prose written for people: narratives, descriptions,
 * element definitions, comments, requirements, aliases, examples and mappings, code system concept
 * definitions. The validator reads none of it (it checks structure, cardinality, types, slices, fixed and
 * pattern values, bindings, invariants, and names those in its messages with keys, paths, codes, displays
 * and the invariants' own human text, all kept), yet it was a third of the validator's 280 MB: every
 * definition is held twice, as loaded (R4) and as the validator reads it (R5), and the R5 copy is made from
 * the trimmed R4 one. {@code ReusedValidatorIT} holds the answers to those of HAPI's validator on the
 * definitions as published.
 *
 * <p>Mappings of logical models stay: the validator reads their terminology-pattern mappings.
 */
final class UnreadProse {

    private UnreadProse() {
    }

    /** Trims the given definitions in place (they are the very objects the validation supports hold). */
    static void drop(Collection<? extends IBaseResource> definitions) {
        for (IBaseResource definition : definitions) {
            if (definition instanceof DomainResource resource) {
                resource.setText(null);
            }
            if (definition instanceof MetadataResource metadata) {
                metadata.setDescription(null);
            }
            if (definition instanceof StructureDefinition structure) {
                drop(structure);
            } else if (definition instanceof CodeSystem codeSystem) {
                codeSystem.setPurpose(null).setCopyright(null);
                dropDefinitions(codeSystem);
            }
        }
    }

    private static void drop(StructureDefinition structure) {
        structure.setPurpose(null).setCopyright(null);
        boolean keepMappings = structure.getKind() == StructureDefinition.StructureDefinitionKind.LOGICAL;
        // has…() before get…(): HAPI's getters create the empty parts they are asked for
        if (structure.hasSnapshot()) {
            drop(structure.getSnapshot().getElement(), keepMappings);
        }
        if (structure.hasDifferential()) {
            drop(structure.getDifferential().getElement(), keepMappings);
        }
    }

    private static void drop(List<ElementDefinition> elements, boolean keepMappings) {
        for (ElementDefinition element : elements) {
            element.setDefinition(null).setComment(null).setRequirements(null).setAlias(null).setExample(null);
            if (!keepMappings) {
                element.setMapping(null);
            }
            if (element.hasConstraint()) {
                element.getConstraint().forEach(constraint -> constraint.setRequirements(null).setXpath(null));
            }
            if (element.hasBinding()) {
                element.getBinding().setDescription(null);
            }
        }
    }

    private static void dropDefinitions(CodeSystem codeSystem) {
        if (codeSystem.hasConcept()) {
            dropDefinitions(codeSystem.getConcept());
        }
    }

    private static void dropDefinitions(List<CodeSystem.ConceptDefinitionComponent> concepts) {
        for (CodeSystem.ConceptDefinitionComponent concept : concepts) {
            concept.setDefinition(null);
            if (concept.hasConcept()) {
                dropDefinitions(concept.getConcept());
            }
        }
    }
}
