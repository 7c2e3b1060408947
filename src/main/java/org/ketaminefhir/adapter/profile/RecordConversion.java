package org.ketaminefhir.adapter.profile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.ketaminefhir.adapter.mapping.MappedResource;
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.MappingTrace;
import org.ketaminefhir.adapter.mapping.RecordMapping;
import org.ketaminefhir.adapter.record.CheckResult;
import org.ketaminefhir.adapter.record.ClinicRecord;
import org.ketaminefhir.adapter.record.JsonRecordReader.Located;
import org.ketaminefhir.adapter.record.SubmissionChecker;

/**
 * The one conversion pipeline: a record is checked, mapped to its transaction Bundle and the Bundle
 * validated against its profiles (with the mapping trace when asked). The delivery, the dry runs (REST
 * and CLI) and the validator warm-up all convert through it, so what a dry run shows is what is sent.
 *
 * <p>It lives beside the validator because the warm-up, which must stay in this package, uses it; the
 * record and mapping packages it builds on know nothing of it, so no package cycle.
 */
public final class RecordConversion {

    /** One record converted: its Bundle, what the validator said of it and, when asked, where each field went. */
    public record Converted(
            ClinicRecord record, Bundle bundle, ValidationReport report, Optional<MappingTrace.Result> trace) {
        public boolean valid() {
            return report.valid();
        }
    }

    /**
     * A submission's outcome: every record converted, or, when the checker refused any, the refusals and
     * nothing converted (a submission is taken whole or not at all).
     */
    public record Submission(List<Converted> converted, List<SubmissionChecker.Rejection> rejections) {
        public boolean accepted() {
            return rejections.isEmpty();
        }
    }

    private final SubmissionChecker checker;
    private final RecordMapping mapping;
    private final ProfileValidator validator;
    private final MappingTrace trace;

    RecordConversion(SubmissionChecker checker, RecordMapping mapping, ProfileValidator validator, MappingTrace trace) {
        this.checker = checker;
        this.mapping = mapping;
        this.validator = validator;
        this.trace = trace;
    }

    /**
     * The conversion of records checked before, as the journal keeps them (the delivery's): it converts no
     * submission, so it needs neither the checker nor the trace.
     */
    public static RecordConversion ofCheckedRecords(RecordMapping mapping, ProfileValidator validator) {
        return new RecordConversion(null, mapping, validator, null);
    }

    /**
     * Checks the records of a submission (each names its kind) and, when all pass, converts each.
     *
     * @param withTrace whether each conversion carries where every input field went
     */
    public Submission convert(List<Located> records, MappingContext context, boolean withTrace) {
        if (checker == null) {
            throw new IllegalStateException("a conversion of checked records converts no submission");
        }
        SubmissionChecker.Checked checked = checker.check(records, null);
        if (!checked.accepted()) {
            return new Submission(List.of(), checked.rejections());
        }
        return new Submission(
                checked.passed().stream()
                        .map(result -> convert(result, context, withTrace))
                        .toList(),
                List.of());
    }

    /**
     * Converts a record checked before (bound from the journal): whatever the mapping throws reaches the
     * caller, who alone knows whether the record or the session directory is at fault.
     *
     * @param delivered the revision the EHR last received, whose dropped parts are sent as entered-in-error
     */
    public Converted convert(ClinicRecord record, Optional<ClinicRecord> delivered, MappingContext context) {
        return mapAndValidate(record, delivered, context, Optional.empty());
    }

    private Converted convert(CheckResult checked, MappingContext context, boolean withTrace) {
        return mapAndValidate(
                checked.record(),
                Optional.empty(),
                context,
                withTrace ? Optional.of(checked.normalized()) : Optional.empty());
    }

    /** @param tracedInput the record's normalized JSON when the trace is asked for */
    private Converted mapAndValidate(
            ClinicRecord record,
            Optional<ClinicRecord> delivered,
            MappingContext context,
            Optional<ObjectNode> tracedInput) {
        List<MappedResource> resources = mapping.resources(record, delivered, context);
        Bundle bundle = RecordMapping.transaction(resources);
        ValidationReport report = validator.validate(bundle);
        // traced from the very resources validated (and sent)
        return new Converted(
                record, bundle, report, tracedInput.map(input -> trace.trace(record.kind(), input, resources)));
    }
}
