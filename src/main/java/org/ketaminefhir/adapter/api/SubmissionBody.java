package org.ketaminefhir.adapter.api;

import java.util.List;
import org.ketaminefhir.adapter.record.JsonRecordReader;
import org.ketaminefhir.adapter.record.JsonRecordReader.Located;
import org.springframework.http.MediaType;

/** Reads a submission body (one record, an array, or NDJSON) within the configured limits. */
final class SubmissionBody {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private final JsonRecordReader reader;
    private final ApiProperties limits;

    SubmissionBody(JsonRecordReader reader, ApiProperties limits) {
        this.reader = reader;
        this.limits = limits;
    }

    List<Located> records(byte[] body, String contentType, long declaredLength) {
        if (declaredLength > limits.maxBytes() || body.length > limits.maxBytes()) {
            throw new PayloadTooLargeException("the body is larger than " + limits.maxBytes()
                    + " bytes (adapter.api.max-bytes); split it into several submissions");
        }
        boolean ndjson = contentType != null && NDJSON.isCompatibleWith(MediaType.parseMediaType(contentType));
        List<Located> records = ndjson ? reader.readNdjson(body) : reader.readJson(body);
        if (records.size() > limits.maxRecords()) {
            throw new PayloadTooLargeException("the submission has " + records.size() + " records; at most "
                    + limits.maxRecords() + " are taken at once (adapter.api.max-records)");
        }
        return records;
    }
}
