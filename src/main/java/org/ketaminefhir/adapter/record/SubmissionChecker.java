package org.ketaminefhir.adapter.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ketaminefhir.adapter.record.JsonRecordReader.Located;

/** Checks every record of a submission, naming each rejected one by its place, kind and source id. */
public final class SubmissionChecker {

    private final RecordChecker checker;

    public SubmissionChecker(RecordChecker checker) {
        this.checker = checker;
    }

    /** One record's errors, named by its place in the submission and its kind and source id where known. */
    public record Rejection(String pointer, String label, List<FieldError> errors) {}

    /** The records that passed, in order, and the rejections; a submission is accepted only without any. */
    public record Checked(List<CheckResult> passed, List<Rejection> rejections) {
        public boolean accepted() {
            return rejections.isEmpty();
        }
    }

    /** @param implied the kind the channel implies (a file-drop folder), or null when each record names it */
    public Checked check(List<Located> records, RecordKind implied) {
        List<CheckResult> passed = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (Located located : records) {
            CheckResult result = checker.check(located.node(), located.pointer(), implied);
            if (result.isAccepted()) {
                passed.add(result);
            } else {
                String label = located.node().path("kind").asText(implied == null ? "record" : implied.wireName()) + " "
                        + Optional.ofNullable(result.sourceIdIfKnown()).orElse("(no valid sourceId)");
                rejections.add(new Rejection(located.pointer(), label, result.errors()));
            }
        }
        return new Checked(passed, rejections);
    }
}
