package org.ketaminefhir.adapter.api;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import java.util.Optional;
import org.ketaminefhir.adapter.mapping.MappedResource;
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.MappingTrace;
import org.ketaminefhir.adapter.mapping.RecordMapping;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.profile.ProfileValidator;
import org.ketaminefhir.adapter.profile.ValidationReport;
import org.ketaminefhir.adapter.record.CheckResult;
import org.ketaminefhir.adapter.record.JsonRecordReader.Located;
import org.ketaminefhir.adapter.record.SubmissionChecker;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Contract §3.1 dry run: for each record, the transaction Bundle it would become and what the profile
 * validation says of it ({@code valid}, and every issue as an OperationOutcome); with {@code ?trace=true}
 * also where every input field went and which went nowhere. Stores and sends nothing.
 */
@RestController
public class ConvertController {

    private final SubmissionBody submissions;
    private final SubmissionChecker checker;
    private final RecordMapping mapping;
    private final SessionDirectory sessions;
    private final ProfileValidator validator;
    private final FhirContext fhir;
    private final ObjectMapper json;
    private final Clock clock;
    private final MappingTrace trace;

    public ConvertController(SubmissionBody submissions, SubmissionChecker checker, RecordMapping mapping,
                             SessionDirectory sessions, ProfileValidator validator, FhirContext fhir, ObjectMapper json,
                             Clock clock, MappingTrace trace) {
        this.trace = trace;
        this.submissions = submissions;
        this.checker = checker;
        this.mapping = mapping;
        this.sessions = sessions;
        this.validator = validator;
        this.fhir = fhir;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(path = "/api/v1/convert", consumes = {MediaType.APPLICATION_JSON_VALUE, SubmissionBody.NDJSON_VALUE})
    public ObjectNode convert(@RequestParam(name = "trace", defaultValue = "false") boolean withTrace,
                              HttpServletRequest request) throws JsonProcessingException {
        List<Located> records = submissions.records(request);
        SubmissionChecker.Checked checked = checker.check(records, null);
        if (!checked.accepted()) {
            throw new SubmissionRejectedException(checked.rejections());
        }
        MappingContext context = new MappingContext(clock.instant(), sessions);
        IParser parser = fhir.newJsonParser();
        ObjectNode answer = json.createObjectNode();
        ArrayNode results = answer.putArray("results");
        for (CheckResult result : checked.passed()) {
            List<MappedResource> resources = mapping.resources(result.record(), Optional.empty(), context);
            Bundle bundle = RecordMapping.transaction(resources);
            ValidationReport report = validator.validate(bundle);
            ObjectNode item = results.addObject();
            item.put("record", result.record().label());
            item.put("valid", report.valid());
            item.set("bundle", json.readTree(parser.encodeResourceToString(bundle)));
            item.set("operationOutcome", json.readTree(parser.encodeResourceToString(report.outcome())));
            if (withTrace) {
                item.set("trace", json.valueToTree(trace.trace(result.record().kind(), result.normalized(), resources)));
            }
        }
        return answer;
    }
}
