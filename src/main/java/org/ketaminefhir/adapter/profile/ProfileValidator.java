package org.ketaminefhir.adapter.profile;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hl7.fhir.common.hapi.validation.validator.FhirDefaultPolicyAdvisor;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates what the adapter produces against the profiles each resource names in {@code meta.profile},
 * with the FHIR instance validator, offline.
 *
 * <p>Why not HAPI's {@code FhirValidator}: it builds a new {@code InstanceValidator} for every call, and
 * that constructor re-reads a 1.5 MB OID registry and converts every StructureDefinition for a fresh
 * FHIRPath engine; profiled, that was a fifth of all validation time. Here an
 * {@code InstanceValidator}, set up exactly as HAPI's {@code ValidatorWrapper} sets it up, is kept and
 * reused: after each validation the codings it saw are forgotten ({@link SeenCodings}: it would otherwise
 * keep every element tree it validated), the tree it parsed last is let go, and all share one registry of
 * OIDs ({@link SharedOidRegistry}). Should a later library version make forgetting the codings impossible, each
 * validator serves {@link #USES} validations and is dropped for a new one. One serves one caller at a
 * time, from a pool (it is not thread-safe; the worker context they share is, as in HAPI).
 * {@code ReusedValidatorIT} holds the answers to HAPI's own and the heap flat.
 *
 * <p>A Bundle is validated in one call: each entry against its own profiles, walked once
 * ({@link OneWalkInstanceValidator}: the library walks a profiled entry against its base definition too).
 */
public final class ProfileValidator {

    private static final Logger log = LoggerFactory.getLogger(ProfileValidator.class);

    static final int USES = 16;

    private final FhirContext fhir;
    private final CompletableFuture<WorkerContextValidationSupportAdapter> loading;
    private final Queue<PooledValidator> idle = new ConcurrentLinkedQueue<>();
    private final Consumer<OneWalkInstanceValidator> setUp;

    /** An InstanceValidator and how many validations it has left if its seen codings cannot be forgotten. */
    private static final class PooledValidator {
        private final OneWalkInstanceValidator validator;
        private int usesLeft = USES;

        private PooledValidator(OneWalkInstanceValidator validator) {
            this.validator = validator;
        }
    }

    /**
     * Starts loading the profiles (seconds) on a thread of its own and returns at once, so the service's
     * start-up goes on meanwhile; the first validation waits for the load.
     */
    public ProfileValidator(FhirContext fhir) {
        this(fhir, () -> FhirProfiles.load(fhir));
    }

    /** With the given definitions, loaded on the loader thread. */
    ProfileValidator(FhirContext fhir, Supplier<? extends IValidationSupport> definitions) {
        this(fhir, definitions, validator -> {});
    }

    /** With each InstanceValidator set up further as given (tests: {@code IndexedMergeIT}). */
    ProfileValidator(
            FhirContext fhir,
            Supplier<? extends IValidationSupport> definitions,
            Consumer<OneWalkInstanceValidator> setUp) {
        this.fhir = fhir;
        this.setUp = setUp;
        this.loading = new CompletableFuture<>();
        Thread loader = new Thread(
                () -> {
                    try {
                        long start = System.nanoTime();
                        loading.complete(new CachingWorkerContext(definitions.get()));
                        log.info("profiles loaded in {} ms", (System.nanoTime() - start) / 1_000_000);
                    } catch (RuntimeException | Error e) {
                        loading.completeExceptionally(e);
                    }
                },
                "profile-loader");
        loader.setDaemon(true);
        loader.start();
    }

    public ValidationReport validate(IBaseResource resource) {
        WorkerContextValidationSupportAdapter worker = loading.join();
        byte[] json = fhir.newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
        List<StructureDefinition> profiles = new ArrayList<>();
        for (var profile : resource.getMeta().getProfile()) {
            StructureDefinition definition =
                    worker.fetchResource(StructureDefinition.class, profile.getValueAsString());
            if (definition != null) {
                profiles.add(definition);
            }
        }
        List<ValidationMessage> messages = new ArrayList<>();
        PooledValidator pooled = borrow(worker);
        try {
            pooled.validator.validate(
                    null, messages, new ByteArrayInputStream(json), Manager.FhirFormat.JSON, profiles);
        } finally {
            // the validator keeps the element tree it parsed until the next validation: 2-4 MB per idle validator
            pooled.validator.validatedContent = null;
            pooled.validator.forgetMessages();
            if (SeenCodings.forget(pooled.validator) || --pooled.usesLeft > 0) {
                idle.add(pooled);
            }
        }
        return new ValidationReport(messages.stream()
                .filter(ProfileValidator::kept)
                .map(ProfileValidator::toHapi)
                .toList());
    }

    private PooledValidator borrow(WorkerContextValidationSupportAdapter worker) {
        PooledValidator pooled = idle.poll();
        if (pooled == null) {
            pooled = new PooledValidator(newInstanceValidator(worker));
            setUp.accept(pooled.validator);
        }
        return pooled;
    }

    /** The settings of HAPI's ValidatorWrapper with the adapter's choices (see the comments). */
    static OneWalkInstanceValidator newInstanceValidator(WorkerContextValidationSupportAdapter worker) {
        OneWalkInstanceValidator validator = new OneWalkInstanceValidator(
                worker,
                new FhirInstanceValidator.NullEvaluationContext(),
                new XVerExtensionManagerOld(worker),
                new ValidatorSession(),
                new ValidatorSettings());
        SharedOidRegistry.share(validator);
        // references the EHR resolves (Patient?identifier=…, Encounter?identifier=…) cannot be resolved here
        validator.setAssumeValidRestReferences(true);
        // a profile named in meta.profile that the validator does not know is an error, never a silent pass
        validator.setErrorForUnknownProfiles(true);
        validator.setAnyExtensionsAllowed(true);
        validator.setResourceIdRule(IdStatus.OPTIONAL);
        validator.setNoTerminologyChecks(false);
        // as HAPI: unknown code systems are then reported by UnknownCodeSystemWarningValidationSupport's level
        validator.setUnknownCodeSystemsCauseErrors(true);
        validator.setPolicyAdvisor(new FhirDefaultPolicyAdvisor());
        validator.setAllowExamples(false);
        validator.setAllowXsiLocation(true);
        return validator;
    }

    private static final Set<String> DROPPED = Set.of(I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE);
    private static final Set<String> UNKNOWN_PROFILE = Set.of(
            I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN, I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY);

    /** As HAPI's ValidatorWrapper and BaseValidatorBridge turn the instance validator's messages into HAPI's. */
    private static SingleValidationMessage toHapi(ValidationMessage message) {
        ValidationMessage.IssueSeverity level = message.getLevel();
        if (message.getMessageId() != null
                && UNKNOWN_PROFILE.contains(message.getMessageId())
                && level == ValidationMessage.IssueSeverity.WARNING) {
            level = ValidationMessage.IssueSeverity.ERROR;
        }
        SingleValidationMessage hapi = new SingleValidationMessage();
        if (message.getCol() != -1) {
            hapi.setLocationCol(message.getCol());
        }
        if (message.getLine() != -1) {
            hapi.setLocationLine(message.getLine());
        }
        hapi.setLocationString(message.getLocation());
        hapi.setMessage(message.getMessage());
        if (level != null) {
            hapi.setSeverity(ResultSeverityEnum.fromCode(level.toCode()));
        }
        if (message.getMessageId() != null && !message.getMessageId().contains(" ")) {
            hapi.setMessageId(message.getMessageId());
        }
        return hapi;
    }

    /** Messages HAPI drops too: "no binding source" and the unexpandable mime-types value set. */
    static boolean kept(ValidationMessage message) {
        String id = message.getMessageId();
        return id == null
                || !(DROPPED.contains(id)
                        || (id.equals(I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND)
                                && message.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes")));
    }
}
