package org.ketaminefhir.adapter.ops;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code ehr} component of /actuator/health. An unreachable EHR is {@code UNREACHABLE}, not DOWN:
 * the adapter still takes and journals records, and delivers them when the EHR is back, so it must stay
 * in the load balancer (application.yaml orders UNREACHABLE after UP, so overall health stays UP).
 */
class EhrHealthIndicator implements HealthIndicator {

    static final Status UNREACHABLE = new Status("UNREACHABLE", "the EHR does not answer; records wait in the journal");

    private final EhrReachability reachability;

    public EhrHealthIndicator(EhrReachability reachability) {
        this.reachability = reachability;
    }

    @Override
    public Health health() {
        EhrReachability.Status status = reachability.current();
        return Health.status(status.reachable() ? Status.UP : UNREACHABLE)
                .withDetail("target", status.target())
                .withDetail("dialect", status.dialect())
                .withDetail("detail", status.detail())
                .withDetail("checkedAt", status.checkedAt().toString())
                .build();
    }
}
