package org.ketaminefhir.adapter.api;

import java.util.List;
import org.ketaminefhir.adapter.record.SubmissionChecker.Rejection;

/** A submission with field errors (HTTP 422): nothing of it was stored. */
class SubmissionRejectedException extends RuntimeException {

    private final List<Rejection> rejections;

    SubmissionRejectedException(List<Rejection> rejections) {
        super(rejections.size() + " record(s) rejected");
        this.rejections = rejections;
    }

    List<Rejection> rejections() {
        return rejections;
    }
}
