package org.ketaminefhir.adapter.delivery;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.ketaminefhir.adapter.journal.AttemptOutcome;
import org.ketaminefhir.adapter.journal.JournalEntry;

/**
 * With no EHR configured, each bundle is written to the outbox as a FHIR JSON file (docs/interface.md, Delivery),
 * named after the record and revision, and written whole (temporary file, then an atomic move) so an
 * importer watching the folder never reads half a bundle.
 */
final class OutboxGateway implements EhrGateway {

    private final FhirContext fhir;
    private final Path outbox;

    public OutboxGateway(FhirContext fhir, Path outbox) {
        this.fhir = fhir;
        this.outbox = outbox;
    }

    @Override
    public AttemptOutcome send(PreparedBundle prepared) {
        JournalEntry entry = prepared.entry();
        Path file = outbox.resolve(entry.kind() + "-" + entry.sourceId() + "-r" + entry.revision() + ".json");
        try {
            Files.createDirectories(outbox);
            Path partial = Files.createTempFile(outbox, ".writing-", ".tmp");
            Files.writeString(
                    partial,
                    fhir.newJsonParser().setPrettyPrint(true).encodeResourceToString(prepared.bundle()),
                    StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the outbox " + outbox, e);
        }
        return AttemptOutcome.delivered(null, "written to " + file, null);
    }

    @Override
    public String dialect() {
        return "outbox";
    }

    /** The outbox is there when its folder can be written (it is made at the first record). */
    @Override
    public Reachability reachability() {
        Path existing = outbox.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        boolean writable = existing != null && Files.isDirectory(existing) && Files.isWritable(existing);
        return new Reachability(writable, writable ? "folder writable" : "cannot write to " + outbox.toAbsolutePath());
    }

    @Override
    public String describe() {
        return "outbox " + outbox.toAbsolutePath();
    }
}
