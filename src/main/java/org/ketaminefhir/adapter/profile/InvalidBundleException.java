package org.ketaminefhir.adapter.profile;

/** A record whose resources do not validate against their profiles: it is not sent. */
public class InvalidBundleException extends RuntimeException {

    private final ValidationReport report;

    public InvalidBundleException(ValidationReport report) {
        super(report.summary());
        this.report = report;
    }

    public ValidationReport report() {
        return report;
    }
}
