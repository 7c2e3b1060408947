package org.ketaminefhir.adapter.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.ketaminefhir.adapter.record.JsonRecordReader;
import org.ketaminefhir.adapter.record.JsonRecordReader.Located;
import org.springframework.http.MediaType;

/** Reads a submission body (one record, an array, or NDJSON) within the configured limits. */
final class SubmissionBody {

    static final String NDJSON_VALUE = "application/x-ndjson";
    static final MediaType NDJSON = MediaType.parseMediaType(NDJSON_VALUE);

    private final JsonRecordReader reader;
    private final ApiProperties limits;

    SubmissionBody(JsonRecordReader reader, ApiProperties limits) {
        this.reader = reader;
        this.limits = limits;
    }

    /**
     * The body is read only up to the limit: a sender that declares more is refused before anything is
     * read, and one that streams more (chunked, no length) is refused at the first byte past it.
     */
    List<Located> records(HttpServletRequest request) {
        if (request.getContentLengthLong() > limits.maxBytes()) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(Math.toIntExact(Math.min(limits.maxBytes() + 1, Integer.MAX_VALUE - 8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length > limits.maxBytes()) {
            throw tooLarge();
        }
        String contentType = request.getContentType();
        boolean ndjson = contentType != null && NDJSON.isCompatibleWith(MediaType.parseMediaType(contentType));
        List<Located> records = ndjson ? reader.readNdjson(body) : reader.readJson(body);
        if (records.size() > limits.maxRecords()) {
            throw new PayloadTooLargeException("the submission has " + records.size() + " records; at most "
                    + limits.maxRecords() + " are taken at once (adapter.api.max-records)");
        }
        return records;
    }

    private PayloadTooLargeException tooLarge() {
        return new PayloadTooLargeException("the body is larger than " + limits.maxBytes()
                + " bytes (adapter.api.max-bytes); split it into several submissions");
    }
}
