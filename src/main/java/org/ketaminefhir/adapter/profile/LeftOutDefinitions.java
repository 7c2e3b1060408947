package org.ketaminefhir.adapter.profile;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The definitions the build left out of the validator's set ({@link DefinitionDigest}), answered should
 * the validator ask for one after all: from every definition, loaded the first time (seconds, once), so
 * an answer never differs from the full set's. Each URL asked is logged once; none is asked while the
 * adapter's own resources are validated ({@code DefinitionDigestIT}), so a warning here means the roots
 * of the digest miss something (a URL, never a record's content).
 */
final class LeftOutDefinitions implements IValidationSupport {

    private static final Logger log = LoggerFactory.getLogger(LeftOutDefinitions.class);

    private final FhirContext fhir;
    private final Set<String> urls;
    private final Supplier<IValidationSupport> everything;
    private volatile IValidationSupport loaded;
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    /** @param everything loads every definition; called at most once, on the first ask */
    LeftOutDefinitions(FhirContext fhir, Set<String> urls, Supplier<IValidationSupport> everything) {
        this.fhir = fhir;
        this.urls = urls;
        this.everything = everything;
    }

    /** The left-out URLs the validator has asked for. */
    Set<String> asked() {
        return Set.copyOf(asked);
    }

    @Override
    public IBaseResource fetchStructureDefinition(String url) {
        return answer(url, all -> all.fetchStructureDefinition(url));
    }

    @Override
    public IBaseResource fetchValueSet(String url) {
        return answer(url, all -> all.fetchValueSet(url));
    }

    @Override
    public IBaseResource fetchCodeSystem(String system) {
        return answer(system, all -> all.fetchCodeSystem(system));
    }

    @Override
    public boolean isCodeSystemSupported(ValidationSupportContext context, String system) {
        return fetchCodeSystem(system) != null;
    }

    @Override
    public boolean isValueSetSupported(ValidationSupportContext context, String url) {
        return fetchValueSet(url) != null;
    }

    private IBaseResource answer(String url, Function<IValidationSupport, IBaseResource> fetch) {
        if (url == null || !urls.contains(DefinitionClosure.canonical(url))) {
            return null;
        }
        if (asked.add(url)) {
            log.warn(
                    "the validator asked for {}, a definition left out of its set: answered from every definition (loaded once); "
                            + "add it to the digest's roots",
                    url);
        }
        return fetch.apply(everything());
    }

    private IValidationSupport everything() {
        IValidationSupport all = loaded;
        if (all == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = everything.get();
                }
                all = loaded;
            }
        }
        return all;
    }

    @Override
    public FhirContext getFhirContext() {
        return fhir;
    }

    @Override
    public String getName() {
        return "definitions left out of the validator's set";
    }
}
