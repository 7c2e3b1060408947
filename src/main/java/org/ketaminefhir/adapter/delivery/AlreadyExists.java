package org.ketaminefhir.adapter.delivery;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Whether an EHR's refusal means the resource is there already: an OperationOutcome issue coded
 * {@code duplicate}, or one of the plan's texts (Epic answers a repeated reading 400 with its error 59189,
 * "Reading already exists"). Such an answer counts as delivered: a resend must not fail a record the EHR holds.
 */
final class AlreadyExists {

    private AlreadyExists() {}

    static boolean says(BaseServerResponseException refusal, List<String> planTexts) {
        if (refusal.getStatusCode() < 400 || refusal.getStatusCode() >= 500) {
            return false;
        }
        OperationOutcome outcome = refusal.getOperationOutcome() instanceof OperationOutcome o ? o : null;
        if (outcome != null && outcome.getIssue().stream().anyMatch(issue -> issue.getCode() == IssueType.DUPLICATE)) {
            return true;
        }
        StringBuilder said = new StringBuilder(String.valueOf(refusal.getMessage()));
        if (outcome != null) {
            outcome.getIssue()
                    .forEach(issue -> said.append(' ')
                            .append(issue.getDiagnostics())
                            .append(' ')
                            .append(issue.getDetails().getText()));
        }
        return planTexts.stream().anyMatch(text -> said.indexOf(text) >= 0);
    }
}
