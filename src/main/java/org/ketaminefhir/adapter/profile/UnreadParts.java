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
 * Drops, from definitions loaded for the validator, what it never reads:
 * <ul>
 * <li>the prose written for people: narratives, descriptions, element definitions, comments, requirements,
 * aliases, examples and mappings, code system concept definitions. The validator checks structure,
 * cardinality, types, slices, fixed and pattern values, bindings and invariants, and names them in its
 * messages by keys, paths, codes, displays and the invariants' own human text, all kept. Mappings of
 * logical models stay: the validator reads their terminology-pattern mappings.</li>
 * <li>the differential of a StructureDefinition that has its snapshot: instances are checked against
 * snapshots, and a snapshot is generated from the base's snapshot and the derived profile's differential
 * (the adapter's own profiles have no snapshot until then, so theirs stay). In the base R4 definitions
 * the differential of a resource nearly repeats its snapshot.</li>
 * </ul>
 * Every definition is held twice, as loaded (R4) and as the validator reads it (R5, converted from the
 * trimmed R4 one), so this was most of the validator's heap. {@code ReusedValidatorIT} holds the answers
 * to those of HAPI's validator on the definitions as published.
 */
final class UnreadParts {

    private UnreadParts() {}

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
            structure.setDifferential(null);
        } else if (structure.hasDifferential()) {
            drop(structure.getDifferential().getElement(), keepMappings);
        }
    }

    private static void drop(List<ElementDefinition> elements, boolean keepMappings) {
        for (ElementDefinition element : elements) {
            element.setDefinition(null)
                    .setComment(null)
                    .setRequirements(null)
                    .setAlias(null)
                    .setExample(null);
            if (!keepMappings) {
                element.setMapping(null);
            }
            if (element.hasConstraint()) {
                element.getConstraint()
                        .forEach(constraint -> constraint.setRequirements(null).setXpath(null));
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
