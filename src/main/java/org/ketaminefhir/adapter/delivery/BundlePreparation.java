package org.ketaminefhir.adapter.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ketaminefhir.adapter.journal.JournalEntry;
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.RecordMapping;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.record.ClinicRecord;
import org.ketaminefhir.adapter.record.RecordBinding;
import org.ketaminefhir.adapter.record.RecordKind;

/** Turns a claimed journal entry back into its record and maps it to the bundle to send. */
public final class BundlePreparation {

    private final ObjectMapper json;
    private final RecordBinding binding;
    private final RecordMapping mapping;
    private final SessionDirectory sessions;

    public BundlePreparation(ObjectMapper json, RecordMapping mapping, SessionDirectory sessions) {
        this.json = json;
        this.binding = new RecordBinding(json);
        this.mapping = mapping;
        this.sessions = sessions;
    }

    public PreparedBundle prepare(JournalEntry entry) {
        ClinicRecord record;
        try {
            record = binding.bind(RecordKind.fromWireName(entry.kind()).orElseThrow(), json.readTree(entry.payload()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the journal holds unreadable JSON for " + entry.kind() + " " + entry.sourceId());
        }
        return new PreparedBundle(entry, record,
                mapping.transaction(record, new MappingContext(entry.receivedAt(), sessions)));
    }
}
