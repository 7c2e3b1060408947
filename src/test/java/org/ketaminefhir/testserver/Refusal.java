package org.ketaminefhir.testserver;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * How a shaped EHR says no: the status a real server gives and an OperationOutcome saying why. The reason
 * names types, interactions and server ids only, never a value from the request (it is logged).
 */
record Refusal(int status, IssueType issue, String reason) {

    /** An interaction or resource type the EHR's CapabilityStatement does not declare. */
    static Refusal notDeclared(int status, String reason) {
        return new Refusal(status, IssueType.NOTSUPPORTED, reason);
    }

    /** A vendor's documented rule that the statement cannot say (docs/fhir.md, Vendor rules and their sources). */
    static Refusal rule(String reason) {
        return new Refusal(422, IssueType.BUSINESSRULE, reason);
    }

    BaseServerResponseException exception() {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(issue)
                .setDiagnostics(reason);
        BaseServerResponseException exception = BaseServerResponseException.newInstance(status, reason);
        exception.setOperationOutcome(outcome);
        return exception;
    }
}
