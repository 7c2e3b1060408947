package org.ketaminefhir.adapter.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
 *
 * <p>A resource's messages join the bundle's as the library joins them (one message per text and place,
 * the more severe kept), but through an index instead of the library's search of every message so far for
 * each new one: that search made a bundle's validation grow with the square of its resources (a 2,500-resource
 * vitals record: two fifths of the time in {@code indexOfMatchingMessageAndLocation}). The library's own merge of
 * a walk's messages, which for the Bundle is every entry's, goes through an index too: {@link MessagesMergedByIndex}.
 */
final class OneWalkInstanceValidator extends InstanceValidator {

    OneWalkInstanceValidator(
            IWorkerContext context,
            IHostApplicationServices hostServices,
            XVerExtensionManager xverManager,
            ValidatorSession session,
            ValidatorSettings settings) {
        super(context, hostServices, xverManager, session, settings);
    }

    @Override
    public boolean startInner(
            ValidationContext valContext,
            List<ValidationMessage> errors,
            Element resource,
            Element element,
            StructureDefinition defn,
            NodeStack stack,
            boolean checkSpecials,
            ResourcePercentageLogger pct,
            ValidationMode mode,
            boolean fromContained) {
        StructureDefinition walked =
                defn.getDerivation() == TypeDerivationRule.SPECIALIZATION ? profileStandingInFor(defn, element) : defn;
        List<ValidationMessage> own = walkMessages.get();
        boolean valid = super.startInner(
                valContext, own, resource, element, walked, stack, checkSpecials, pct, mode, fromContained);
        settle(own);
        merge(errors, own);
        return valid;
    }

    /** Called by the library's startInner on the walk's list right after its merge (when it checks the resource's specials). */
    @Override
    public boolean checkSpecials(
            ValidationContext valContext,
            List<ValidationMessage> errors,
            Element element,
            NodeStack stack,
            boolean checkSpecials,
            ResourcePercentageLogger pct,
            ValidationMode mode,
            boolean contained,
            boolean isOk) {
        settle(errors);
        return super.checkSpecials(valContext, errors, element, stack, checkSpecials, pct, mode, contained, isOk);
    }

    private static void settle(List<ValidationMessage> messages) {
        if (messages instanceof MessagesMergedByIndex merged) {
            merged.settle();
        }
    }

    /**
     * Makes the library merge each walk's messages by its own linear search, as without {@link MessagesMergedByIndex}:
     * for {@code IndexedMergeIT}, which holds both ways to the same messages.
     */
    void mergeByTheLibrarysSearch() {
        walkMessages = ArrayList::new;
    }

    /** The list a resource's walk is merged into (see {@link MessagesMergedByIndex}). */
    private Supplier<List<ValidationMessage>> walkMessages = MessagesMergedByIndex::new;

    /** The list the index below describes, how much of it is indexed, and each text-and-place's first position. */
    private List<ValidationMessage> indexed;

    private int indexedUpTo;
    private final Map<String, Integer> firstAt = new HashMap<>();

    /**
     * {@code added} into {@code errors} as the library's {@code addMessagesReplaceExistingIfMoreSevere} does: a
     * message whose text and stripped location an earlier one has replaces it if more severe, else is dropped;
     * any other is appended. Messages others append to {@code errors} are indexed when next seen.
     */
    private void merge(List<ValidationMessage> errors, List<ValidationMessage> added) {
        if (errors != indexed || errors.size() < indexedUpTo) {
            indexed = errors;
            indexedUpTo = 0;
            firstAt.clear();
        }
        for (; indexedUpTo < errors.size(); indexedUpTo++) {
            String key = MessagesMergedByIndex.key(errors.get(indexedUpTo));
            if (key != null) {
                firstAt.putIfAbsent(key, indexedUpTo);
            }
        }
        for (ValidationMessage message : added) {
            String key = MessagesMergedByIndex.key(message);
            Integer at = key == null ? null : firstAt.get(key);
            if (at == null) {
                errors.add(message);
                if (key != null) {
                    firstAt.putIfAbsent(key, errors.size() - 1);
                }
                indexedUpTo = errors.size();
            } else if (MessagesMergedByIndex.moreSevere(message, errors.get(at))) {
                errors.set(at, message);
            }
        }
    }

    /** Forgets the last bundle's messages (a pooled validator would otherwise keep them until its next use). */
    void forgetMessages() {
        indexed = null;
        indexedUpTo = 0;
        firstAt.clear();
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
            if (profile != null
                    && profile.getDerivation() == TypeDerivationRule.CONSTRAINT
                    && base.getType().equals(profile.getType())
                    && profile.hasSnapshot()) {
                return profile;
            }
        }
        return base;
    }
}
