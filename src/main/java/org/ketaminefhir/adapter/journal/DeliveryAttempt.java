package org.ketaminefhir.adapter.journal;

import java.time.Instant;

/** One try at delivering one revision of a record, and what the EHR (or the outbox) answered. */
public record DeliveryAttempt(int revision, Instant attemptedAt, String outcome, Integer httpStatus, String detail) {}
