package org.ketaminefhir.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;

/** An EHR's "it is there already" answers, which count as delivered; nothing else does. */
class AlreadyExistsTest {

    @Test
    void aDuplicateIssueOrThePlansTextMeansAlreadyThere() {
        assertThat(AlreadyExists.says(refusal(400, IssueType.DUPLICATE, "whatever"), List.of()))
                .isTrue();
        assertThat(AlreadyExists.says(
                        refusal(400, IssueType.PROCESSING, "Reading already exists"),
                        List.of("59189", "Reading already exists")))
                .isTrue();
    }

    @Test
    void anyOtherRefusalOrAServerErrorIsNot() {
        assertThat(AlreadyExists.says(refusal(400, IssueType.PROCESSING, "Reading already exists"), List.of()))
                .isFalse();
        assertThat(AlreadyExists.says(refusal(422, IssueType.BUSINESSRULE, "encounter is closed"), List.of("59189")))
                .isFalse();
        assertThat(AlreadyExists.says(refusal(500, IssueType.DUPLICATE, "59189"), List.of("59189")))
                .isFalse();
    }

    private static BaseServerResponseException refusal(int status, IssueType code, String diagnostics) {
        BaseServerResponseException refusal = BaseServerResponseException.newInstance(status, "refused");
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(code).setDiagnostics(diagnostics);
        refusal.setOperationOutcome(outcome);
        return refusal;
    }
}
