package org.ketaminefhir.adapter.profile;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Validates what the adapter produces against the profiles each resource names in {@code meta.profile},
 * with HAPI's instance validator, offline. One validator serves every thread (it is thread-safe; the
 * support chain caches what it resolves). A Bundle is validated in one call: each entry against its
 * own profiles, at a fraction of the per-call cost of validating the resources one by one.
 */
public final class ProfileValidator {

    private final FhirValidator validator;

    public ProfileValidator(FhirContext fhir) {
        FhirInstanceValidator module = new FhirInstanceValidator(FhirProfiles.load(fhir));
        // references the EHR resolves (Patient?identifier=…, Encounter?identifier=…) cannot be resolved here
        module.setAssumeValidRestReferences(true);
        // a profile named in meta.profile that the validator does not know is an error, never a silent pass
        module.setErrorForUnknownProfiles(true);
        this.validator = fhir.newValidator().registerValidatorModule(module);
        this.validator.setValidateAgainstStandardSchema(false);
        this.validator.setValidateAgainstStandardSchematron(false);
    }

    public ValidationReport validate(IBaseResource resource) {
        return new ValidationReport(validator.validateWithResult(resource).getMessages());
    }
}
