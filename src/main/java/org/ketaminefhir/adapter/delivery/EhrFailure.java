package org.ketaminefhir.adapter.delivery;

import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.ketaminefhir.adapter.mapping.MissingPatients;

/**
 * What an EHR's failure means for the record, whatever the plan and its write style: no answer, 5xx, 408 (timeout), 409
 * (a conflict with a concurrent write) and 429 (throttled) are worth another try (a Retry-After is read
 * by {@link RetryAfterInterceptor}); any other 4xx will not change on a resend, and its OperationOutcome
 * is kept.
 */
final class EhrFailure {

    static final String UNKNOWN_PATIENT = "the patient is unknown to the EHR (no Patient has the record's MRN; with "
            + "adapter.patients.create-missing the adapter creates one from a record giving "
            + String.join(", ", MissingPatients.DEMOGRAPHICS) + ")";

    private EhrFailure() {}

    static RuntimeException of(BaseServerResponseException e) {
        if (e instanceof FhirClientConnectionException) {
            return new EhrUnavailableException(null, "the EHR could not be reached: " + rootCause(e));
        }
        int status = e.getStatusCode();
        String detail = "HTTP " + status + ": " + diagnostics(e);
        if (status >= 500 || status == 408 || status == 409 || status == 429) {
            return new EhrUnavailableException(status, detail);
        }
        if (detail.contains("Patient?identifier=") && !detail.contains("several resources match")) {
            // no Patient has that MRN (docs/interface.md, Configuration): creation is off, or the record does not name
            // them in full
            detail = UNKNOWN_PATIENT + "; " + detail;
        }
        return new EhrRejectedException(
                status, detail, e.getOperationOutcome() instanceof OperationOutcome outcome ? outcome : null);
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
    }

    private static String diagnostics(BaseServerResponseException e) {
        if (e.getOperationOutcome() instanceof OperationOutcome outcome
                && !outcome.getIssue().isEmpty()) {
            return outcome.getIssue().stream()
                    .map(issue -> issue.getSeverity().toCode() + " "
                            + issue.getCode().toCode() + ": " + issue.getDiagnostics())
                    .collect(Collectors.joining("; "));
        }
        return e.getMessage();
    }
}
