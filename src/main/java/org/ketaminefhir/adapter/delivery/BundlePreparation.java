package org.ketaminefhir.adapter.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.ketaminefhir.adapter.journal.JournalEntry;
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.RecordMapping;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.ops.DeliveryMetrics;
import org.ketaminefhir.adapter.profile.InvalidBundleException;
import org.ketaminefhir.adapter.profile.ProfileValidator;
import org.ketaminefhir.adapter.profile.ValidationReport;
import org.ketaminefhir.adapter.record.ClinicRecord;
import org.ketaminefhir.adapter.record.RecordBinding;
import org.ketaminefhir.adapter.record.RecordKind;

/** Turns a claimed journal entry back into its record and maps it to the bundle to send. */
public final class BundlePreparation {

    private final ObjectMapper json;
    private final RecordBinding binding;
    private final RecordMapping mapping;
    private final SessionDirectory sessions;
    private final ProfileValidator validator;
    private final DeliveryMetrics metrics;

    public BundlePreparation(ObjectMapper json, RecordMapping mapping, SessionDirectory sessions, ProfileValidator validator,
                             DeliveryMetrics metrics) {
        this.json = json;
        this.binding = new RecordBinding(json);
        this.mapping = mapping;
        this.sessions = sessions;
        this.validator = validator;
        this.metrics = metrics;
    }

    /**
     * @throws InvalidBundleException when a resource does not validate against its profile: such a
     *                                record is never sent (house rule 5)
     */
    public PreparedBundle prepare(JournalEntry entry) {
        long start = System.nanoTime();
        ClinicRecord record = bind(entry, entry.payload());
        Optional<ClinicRecord> delivered = Optional.ofNullable(entry.deliveredPayload()).map(payload -> bind(entry, payload));
        Bundle bundle = mapping.transaction(record, delivered, new MappingContext(entry.receivedAt(), sessions));
        ValidationReport report = validator.validate(bundle);
        metrics.prepared(entry.kind(), Duration.ofNanos(System.nanoTime() - start));
        if (!report.valid()) {
            throw new InvalidBundleException(report);
        }
        return new PreparedBundle(entry, record, bundle);
    }

    private ClinicRecord bind(JournalEntry entry, String payload) {
        try {
            return binding.bind(RecordKind.fromWireName(entry.kind()).orElseThrow(), json.readTree(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the journal holds unreadable JSON for " + entry.kind() + " " + entry.sourceId());
        }
    }
}
