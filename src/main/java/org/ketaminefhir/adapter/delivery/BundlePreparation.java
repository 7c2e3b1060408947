package org.ketaminefhir.adapter.delivery;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.ketaminefhir.adapter.delivery.DeliveryQueue.DeliveryListener;
import org.ketaminefhir.adapter.journal.JournalEntry;
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.RecordMapping;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.profile.InvalidBundleException;
import org.ketaminefhir.adapter.profile.ProfileValidator;
import org.ketaminefhir.adapter.profile.RecordConversion;
import org.ketaminefhir.adapter.profile.ValidationReport;
import org.ketaminefhir.adapter.record.ClinicRecord;
import org.ketaminefhir.adapter.record.RecordBinding;
import org.ketaminefhir.adapter.record.RecordKind;
import org.springframework.dao.DataAccessException;

/** Turns a claimed journal entry back into its record and maps it to the bundle to send. */
final class BundlePreparation {

    private final ObjectMapper json;
    private final RecordBinding binding;
    private final RecordConversion conversion;
    private final SessionDirectory sessions;
    private final DeliveryListener metrics;

    public BundlePreparation(
            ObjectMapper json,
            RecordMapping mapping,
            SessionDirectory sessions,
            ProfileValidator validator,
            DeliveryListener metrics) {
        this.json = json;
        this.binding = new RecordBinding(json);
        // the journal's records were checked at intake: bound again, they are mapped and validated as a dry run would
        this.conversion = RecordConversion.ofCheckedRecords(mapping, validator);
        this.sessions = sessions;
        this.metrics = metrics;
    }

    /**
     * @throws InvalidBundleException when a resource does not validate against its profile, or the record
     *                                cannot be mapped at all: such a record is never sent (house rule 5)
     */
    public PreparedBundle prepare(JournalEntry entry) {
        long start = System.nanoTime();
        ClinicRecord record = bind(entry, entry.payload());
        Optional<ClinicRecord> delivered =
                Optional.ofNullable(entry.deliveredPayload()).map(payload -> bind(entry, payload));
        RecordConversion.Converted converted;
        try {
            converted = conversion.convert(record, delivered, new MappingContext(entry.receivedAt(), sessions));
        } catch (DataAccessException journalUnavailable) {
            throw journalUnavailable; // the session directory's trouble, not the record's: retried
        } catch (RuntimeException fromTheRecord) {
            if (Thread.currentThread().isInterrupted()) {
                throw fromTheRecord; // stopped mid-way (shutdown): the record is not at fault
            }
            // otherwise the mapping and the validator depend on the record alone, so a resend would fail the
            // same way: failed at once with the reason, never retried while the patient's later records wait
            throw new InvalidBundleException(unmappable(fromTheRecord));
        }
        metrics.prepared(entry.kind(), Duration.ofNanos(System.nanoTime() - start));
        if (!converted.valid()) {
            throw new InvalidBundleException(converted.report());
        }
        return new PreparedBundle(entry, record, converted.bundle());
    }

    /** The exception as the one error of a report, so the record ends {@code failed} naming it. */
    private static ValidationReport unmappable(RuntimeException failure) {
        SingleValidationMessage message = new SingleValidationMessage();
        message.setSeverity(ResultSeverityEnum.ERROR);
        message.setLocationString("Bundle");
        message.setMessage("the record cannot be mapped to FHIR ("
                + failure.getClass().getSimpleName() + "): " + failure.getMessage());
        return new ValidationReport(List.of(message));
    }

    private ClinicRecord bind(JournalEntry entry, String payload) {
        try {
            return binding.bind(RecordKind.fromWireName(entry.kind()).orElseThrow(), json.readTree(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "the journal holds unreadable JSON for " + entry.kind() + " " + entry.sourceId());
        }
    }
}
