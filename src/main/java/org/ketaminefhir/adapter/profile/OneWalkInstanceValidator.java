package org.ketaminefhir.adapter.profile;

import java.util.List;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.r5.fhirpath.IHostApplicationServices;
import org.hl7.fhir.r5.model.Base.ValidationMode;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.model.StructureDefinition.TypeDerivationRule;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManager;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.hl7.fhir.validation.instance.ResourcePercentageLogger;
import org.hl7.fhir.validation.instance.utils.NodeStack;
import org.hl7.fhir.validation.instance.utils.ValidationContext;

/**
 * The instance validator, walking a profiled resource once instead of twice.
 *
 * <p>For every resource in a Bundle the library walks the resource against its base definition (say
 * Observation) and then again against each profile its {@code meta.profile} names. A profile's snapshot
 * holds every element, binding and constraint of its base, tightened, so the second walk checks all the
 * first one did. Here the first walk is made against the profile instead; the second then finds that
 * walk's messages in the library's own per-resource memory ({@code ResourceValidationTracker}: "validated
 * against this profile before") and adds them without walking again. The resource-type checks the first
 * walk runs (Bundle, Observation, QuestionnaireResponse rules) still run as before.
 *
 * <p>Only a profile of the very type, with a snapshot, and named without a version stands in: a versioned
 * or unknown one is left to the library's own messages. What the walk against the base said that the
 * profile's does not (an error both state, said twice; a reference target matched against the base's
 * looser target profile; an unknown code system met through the base's example binding) is listed in
 * {@code ReusedValidatorIT}, which holds every other message to HAPI's on good and broken bundles.
 */
final class OneWalkInstanceValidator extends InstanceValidator {

    OneWalkInstanceValidator(IWorkerContext context, IHostApplicationServices hostServices,
            XVerExtensionManager xverManager, ValidatorSession session, ValidatorSettings settings) {
        super(context, hostServices, xverManager, session, settings);
    }

    @Override
    public boolean startInner(ValidationContext valContext, List<ValidationMessage> errors, Element resource,
            Element element, StructureDefinition defn, NodeStack stack, boolean checkSpecials,
            ResourcePercentageLogger pct, ValidationMode mode, boolean fromContained) {
        StructureDefinition walked = defn.getDerivation() == TypeDerivationRule.SPECIALIZATION
                ? profileStandingInFor(defn, element) : defn;
        return super.startInner(valContext, errors, resource, element, walked, stack, checkSpecials, pct, mode,
                fromContained);
    }

    /** The first profile in the element's meta.profile that constrains {@code base}'s type, else {@code base}. */
    private StructureDefinition profileStandingInFor(StructureDefinition base, Element element) {
        Element meta = element.getNamedChild("meta", false);
        if (meta == null) {
            return base;
        }
        for (Element named : meta.getChildrenByName("profile")) {
            String url = named.primitiveValue();
            if (url == null || url.contains("|")) {
                continue;
            }
            StructureDefinition profile = context.fetchResource(StructureDefinition.class, url);
            if (profile != null && profile.getDerivation() == TypeDerivationRule.CONSTRAINT
                    && base.getType().equals(profile.getType()) && profile.hasSnapshot()) {
                return profile;
            }
        }
        return base;
    }
}
