package org.ketaminefhir.adapter.api;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.RecordMapping;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.record.SubmissionChecker;
import org.ketaminefhir.adapter.record.JsonRecordReader.Located;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Contract §3.1 dry run: the transaction Bundle each record would become, stored and sent nowhere.
 * One record answers its Bundle; several answer a {@code collection} Bundle holding one per record.
 */
@RestController
public class ConvertController {

    static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");

    private final SubmissionBody submissions;
    private final SubmissionChecker checker;
    private final RecordMapping mapping;
    private final SessionDirectory sessions;
    private final FhirContext fhir;
    private final Clock clock;

    public ConvertController(SubmissionBody submissions, SubmissionChecker checker, RecordMapping mapping,
                             SessionDirectory sessions, FhirContext fhir, Clock clock) {
        this.submissions = submissions;
        this.checker = checker;
        this.mapping = mapping;
        this.sessions = sessions;
        this.fhir = fhir;
        this.clock = clock;
    }

    @PostMapping("/api/v1/convert")
    public ResponseEntity<String> convert(@RequestBody byte[] body,
                                          @RequestHeader(value = "Content-Type", required = false) String contentType,
                                          HttpServletRequest request) {
        List<Located> records = submissions.records(body, contentType, request.getContentLengthLong());
        SubmissionChecker.Checked checked = checker.check(records, null);
        if (!checked.accepted()) {
            throw new SubmissionRejectedException(checked.rejections());
        }
        MappingContext context = new MappingContext(clock.instant(), sessions);
        List<Bundle> bundles = checked.passed().stream().map(r -> mapping.transaction(r.record(), context)).toList();
        Bundle answer = bundles.size() == 1 ? bundles.get(0) : collection(bundles);
        return ResponseEntity.ok().contentType(FHIR_JSON)
                .body(fhir.newJsonParser().setPrettyPrint(true).encodeResourceToString(answer));
    }

    private static Bundle collection(List<Bundle> bundles) {
        Bundle collection = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundles.forEach(b -> collection.addEntry().setResource(b));
        return collection;
    }
}
