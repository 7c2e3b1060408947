package org.ketaminefhir.adapter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.ketaminefhir.adapter.journal.JournalEntry;
import org.springframework.stereotype.Component;

/**
 * A record's MRN as operators see it: masked but for its last two characters, enough to tell two
 * patients apart on a screen. Only an admin's audited reveal shows it whole.
 */
@Component
class PatientMrn {

    private final ObjectMapper json;

    public PatientMrn(ObjectMapper json) {
        this.json = json;
    }

    /** The MRN, or empty once the record's body was purged. */
    public Optional<String> of(JournalEntry entry) {
        return read(entry.payload());
    }

    /**
     * What masks the record's MRNs in texts shown to operators: the MRN it holds now and the one it was
     * last delivered with (a correction may have changed it; the EHR's answers may quote either).
     */
    MrnMask maskFor(JournalEntry entry) {
        Set<String> mrns = new LinkedHashSet<>();
        read(entry.payload()).ifPresent(mrns::add);
        read(entry.deliveredPayload()).ifPresent(mrns::add);
        return MrnMask.of(mrns);
    }

    private Optional<String> read(String payload) {
        if (payload == null) {
            return Optional.empty();
        }
        try {
            String mrn = json.readTree(payload).path("patient").path("mrn").asText("");
            return mrn.isEmpty() ? Optional.empty() : Optional.of(mrn);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the journal holds unreadable JSON", e);
        }
    }

    /** {@code ••••34}, or {@code (purged)} when the body is gone. */
    public String masked(JournalEntry entry) {
        return of(entry).map(PatientMrn::mask).orElse("(purged)");
    }

    static String mask(String mrn) {
        int shown = mrn.length() > 4 ? 2 : 0;
        return "•".repeat(mrn.length() - shown) + mrn.substring(mrn.length() - shown);
    }
}
