package org.ketaminefhir.adapter.profile;

import ca.uhn.fhir.context.PerformanceOptionsEnum;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r5.model.Resource;

/**
 * HAPI's worker context with a memory of what it answered: the validator asks for the same
 * StructureDefinitions, ValueSets and CodeSystems by URL thousands of times per resource (every
 * element's type, every profile's base, every binding), and each ask went through the support chain's
 * cache key, a resource-type lookup, version parsing and a synchronized conversion check: 7 % of all
 * validation time in a profile of the steady state. What the chain knows does not change after loading,
 * so an answer, found or not, is kept for good.
 *
 * <p>On the first ask for a class, HAPI names its resource type through an R5 {@code FhirContext} of its
 * own, and a FhirContext scans the whole model of a class to answer, with every resource type its
 * references may point to: 91 resource types and 28 MB held for good (a heap dump of the adapter at rest,
 * a fifth of all it holds), for one name per class. With deferred scanning (a type's children are scanned
 * only when they are asked for, which they never are here) the same names cost 12 MB.
 */
final class CachingWorkerContext extends WorkerContextValidationSupportAdapter {

    /** Per resource class, by URL: no key is built per ask (it was, and its hashing showed in the profile). */
    private final ClassValue<Map<String, Optional<Resource>>> answers = new ClassValue<>() {
        @Override
        protected Map<String, Optional<Resource>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    static {
        FHIR_CONTEXT_R5.setPerformanceOptions(PerformanceOptionsEnum.DEFERRED_MODEL_SCANNING);
    }

    CachingWorkerContext(IValidationSupport definitions) {
        super(definitions);
    }

    @Override
    public <T extends Resource> T fetchResource(Class<T> type, String uri) {
        if (uri == null || uri.isBlank()) {
            return null;
        }
        Map<String, Optional<Resource>> ofType = answers.get(type);
        Optional<Resource> answer = ofType.get(uri);
        if (answer == null) {
            // not computeIfAbsent: a first fetch may generate a snapshot, which fetches again
            answer = Optional.ofNullable(super.fetchResource(type, uri));
            ofType.putIfAbsent(uri, answer);
        }
        return type.cast(answer.orElse(null));
    }
}
