package org.ketaminefhir.testserver;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An answer lost on the way back, once when armed: the next write (POST, PUT, PATCH, also a Bundle) is
 * done and committed, but its client gets a 500 instead of the answer. What the adapter must survive
 * without making a second copy. Seeding requests are never the one.
 */
@Interceptor
final class LostAnswer {

    private static final Logger log = LoggerFactory.getLogger(LostAnswer.class);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH");

    private final AtomicBoolean armed = new AtomicBoolean();

    void loseNextWriteAnswer() {
        armed.set(true);
    }

    /** Runs after the operation has been carried out, before its answer is written. */
    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean answer(RequestDetails request) {
        if (request.getRequestType() != null
                && WRITES.contains(request.getRequestType().name())
                && request.getOperation() == null // not a test's $expunge
                && !"true".equalsIgnoreCase(request.getHeader(CapabilityShape.SEED_HEADER))
                && armed.compareAndSet(true, false)) {
            log.info("answer to {} {} lost on purpose", request.getRequestType(), request.getRequestPath());
            throw new InternalErrorException("the answer was lost on the way back");
        }
        return true;
    }
}
