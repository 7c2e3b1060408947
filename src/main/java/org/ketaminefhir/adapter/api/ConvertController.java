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
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.profile.RecordConversion;
import org.ketaminefhir.adapter.record.JsonRecordReader.Located;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dry run (docs/interface.md, REST API): for each record, the transaction Bundle it would become and what the profile
 * validation says of it ({@code valid}, and every issue as an OperationOutcome); with {@code ?trace=true}
 * also where every input field went and which went nowhere. Stores and sends nothing.
 */
@RestController
class ConvertController {

    private final SubmissionBody submissions;
    private final RecordConversion conversion;
    private final SessionDirectory sessions;
    private final FhirContext fhir;
    private final ObjectMapper json;
    private final Clock clock;

    public ConvertController(
            SubmissionBody submissions,
            RecordConversion conversion,
            SessionDirectory sessions,
            FhirContext fhir,
            ObjectMapper json,
            Clock clock) {
        this.submissions = submissions;
        this.conversion = conversion;
        this.sessions = sessions;
        this.fhir = fhir;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(
            path = "/api/v1/convert",
            consumes = {MediaType.APPLICATION_JSON_VALUE, SubmissionBody.NDJSON_VALUE})
    public ObjectNode convert(
            @RequestParam(name = "trace", defaultValue = "false") boolean withTrace, HttpServletRequest request)
            throws JsonProcessingException {
        List<Located> records = submissions.records(request);
        RecordConversion.Submission submission =
                conversion.convert(records, new MappingContext(clock.instant(), sessions), withTrace);
        if (!submission.accepted()) {
            throw new SubmissionRejectedException(submission.rejections());
        }
        IParser parser = fhir.newJsonParser();
        ObjectNode answer = json.createObjectNode();
        ArrayNode results = answer.putArray("results");
        for (RecordConversion.Converted converted : submission.converted()) {
            ObjectNode item = results.addObject();
            item.put("record", converted.record().label());
            item.put("valid", converted.valid());
            item.set("bundle", json.readTree(parser.encodeResourceToString(converted.bundle())));
            item.set(
                    "operationOutcome",
                    json.readTree(
                            parser.encodeResourceToString(converted.report().outcome())));
            if (converted.trace().isPresent()) {
                item.set("trace", json.valueToTree(converted.trace().get()));
            }
        }
        return answer;
    }
}
