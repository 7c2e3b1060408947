package org.ketaminefhir.adapter.profile;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.OperationOutcome;

/** What the validator said of one bundle: valid when nothing is an error or fatal. */
public record ValidationReport(List<SingleValidationMessage> messages) {

    public List<SingleValidationMessage> errors() {
        return messages.stream().filter(ValidationReport::isError).toList();
    }

    public boolean valid() {
        return errors().isEmpty();
    }

    /** Every message, as the OperationOutcome the status API and the dry run show. */
    public OperationOutcome outcome() {
        OperationOutcome outcome = new OperationOutcome();
        for (SingleValidationMessage message : messages) {
            outcome.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.fromCode(
                            message.getSeverity().getCode()))
                    .setCode(OperationOutcome.IssueType.PROCESSING)
                    .setDiagnostics(message.getMessage())
                    .addExpression(message.getLocationString());
        }
        return outcome;
    }

    /** The errors in one line each: where, and what the profile says. */
    public String summary() {
        return errors().size() + " validation error(s): "
                + errors().stream()
                        .map(e -> e.getLocationString() + ": " + e.getMessage())
                        .collect(Collectors.joining("; "));
    }

    private static boolean isError(SingleValidationMessage message) {
        return message.getSeverity() == ResultSeverityEnum.ERROR || message.getSeverity() == ResultSeverityEnum.FATAL;
    }
}
