package org.ketaminefhir.adapter.delivery;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads Retry-After (seconds or an HTTP date, RFC 9110 §10.2.3) from a 429 or 503 answer. HAPI's client
 * raises its exception without the response headers, so the wait the EHR asks for is taken here, and the
 * answer becomes an {@link EhrUnavailableException} carrying it.
 */
final class RetryAfterInterceptor implements IClientInterceptor {

    private final Clock clock;

    RetryAfterInterceptor(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void interceptRequest(IHttpRequest request) {
        // nothing to add to requests
    }

    @Override
    public void interceptResponse(IHttpResponse response) {
        int status = response.getStatus();
        if (status != 429 && status != 503) {
            return;
        }
        Optional<Duration> wait = Optional.ofNullable(response.getHeaders("Retry-After"))
                .filter(values -> !values.isEmpty())
                .map(values -> values.get(0))
                .flatMap(this::parse);
        if (wait.isPresent()) {
            throw new EhrUnavailableException(
                    status,
                    "HTTP " + status + " " + response.getStatusInfo() + ": the EHR asks to retry after "
                            + wait.get().toSeconds() + " s",
                    wait.get());
        }
    }

    Optional<Duration> parse(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                return Optional.of(Duration.between(
                        clock.instant(),
                        ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant()));
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
