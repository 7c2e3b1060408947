package org.ketaminefhir.adapter.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.ketaminefhir.adapter.delivery.EhrGateway;

/**
 * Whether the EHR (or the outbox) answers, asked at most every {@code maxAge}: health is polled by load
 * balancers and the dashboard, and neither should turn into load on the EHR.
 */
public class EhrReachability {

    /** @param checkedAt when the EHR was last asked */
    public record Status(String target, String dialect, boolean reachable, String detail, Instant checkedAt) {}

    private final EhrGateway gateway;
    private final Clock clock;
    private final Duration maxAge;
    private Status last;

    EhrReachability(EhrGateway gateway, Clock clock, Duration maxAge) {
        this.gateway = gateway;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    public synchronized Status current() {
        Instant now = clock.instant();
        if (last == null || last.checkedAt().plus(maxAge).isBefore(now)) {
            EhrGateway.Reachability answer = gateway.reachability();
            last = new Status(gateway.describe(), gateway.dialect(), answer.reachable(), answer.detail(), now);
        }
        return last;
    }
}
