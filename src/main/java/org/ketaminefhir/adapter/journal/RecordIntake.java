package org.ketaminefhir.adapter.journal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.ketaminefhir.adapter.record.CheckResult;
import org.ketaminefhir.adapter.record.JsonRecordReader.Located;
import org.ketaminefhir.adapter.record.RecordKind;
import org.ketaminefhir.adapter.record.SessionRecord;
import org.ketaminefhir.adapter.record.SubmissionChecker;
import org.ketaminefhir.adapter.record.SubmissionChecker.Rejection;
import org.ketaminefhir.adapter.record.VitalSigns;

/**
 * Takes records from any channel: checks them all, and only when every one passes stores them all
 * in one journal transaction. A rejected submission stores nothing and names every error at once.
 */
public final class RecordIntake {

    private final SubmissionChecker checker;
    private final Journal journal;
    private final java.util.function.Consumer<Receipt> onAccepted;

    public RecordIntake(SubmissionChecker checker, Journal journal) {
        this(checker, journal, receipt -> {});
    }

    /** @param onAccepted told of every receipt that stored something new (not of duplicates): metrics */
    public RecordIntake(SubmissionChecker checker, Journal journal, java.util.function.Consumer<Receipt> onAccepted) {
        this.checker = checker;
        this.journal = journal;
        this.onAccepted = onAccepted;
    }

    /** Either receipts (all stored) or rejections (nothing stored). */
    public record Outcome(List<Receipt> receipts, List<Rejection> rejections) {
        public boolean accepted() {
            return rejections.isEmpty();
        }
    }

    /**
     * @param implied     the kind the channel implies (a file-drop folder), or null when each record names it
     * @param submittedBy who sent them, kept in the journal for the audit (never a patient detail)
     * @throws RevisionConflictException when a record repeats a stored revision with other content
     */
    public Outcome submit(List<Located> records, RecordKind implied, String submittedBy) {
        SubmissionChecker.Checked checked = checker.check(records, implied);
        if (!checked.accepted()) {
            return new Outcome(List.of(), checked.rejections());
        }
        List<IncomingRecord> incoming = new ArrayList<>();
        // every record passed, so passed() and records line up one to one
        for (int i = 0; i < checked.passed().size(); i++) {
            CheckResult result = checked.passed().get(i);
            incoming.add(new IncomingRecord(
                    records.get(i).pointer(),
                    result.record(),
                    result.normalized(),
                    result.record() instanceof SessionRecord session ? window(session) : null));
        }
        List<Receipt> receipts = journal.accept(incoming, submittedBy);
        announce(receipts);
        return new Outcome(receipts, List.of());
    }

    private void announce(List<Receipt> receipts) {
        receipts.stream().filter(receipt -> !receipt.duplicate()).forEach(onAccepted);
    }

    /**
     * For channels that take what they can (file drops): every good record is stored, each bad one is
     * returned with its errors. A record whose revision conflicts is rejected alone, not its batch.
     */
    public Outcome submitEach(List<Located> records, RecordKind implied, String submittedBy) {
        SubmissionChecker.Checked checked = checker.check(records, implied);
        List<Rejection> rejections = new ArrayList<>(checked.rejections());
        List<IncomingRecord> incoming = new ArrayList<>();
        for (CheckResult result : checked.passed()) {
            String pointer = records.stream()
                    .filter(r -> r.node() == result.normalized())
                    .findFirst()
                    .map(Located::pointer)
                    .orElse("");
            incoming.add(new IncomingRecord(
                    pointer,
                    result.record(),
                    result.normalized(),
                    result.record() instanceof SessionRecord session ? window(session) : null));
        }
        List<Receipt> receipts = new ArrayList<>();
        try {
            receipts.addAll(journal.accept(incoming, submittedBy));
        } catch (RevisionConflictException conflictInBatch) {
            for (IncomingRecord one : incoming) {
                try {
                    receipts.addAll(journal.accept(List.of(one), submittedBy));
                } catch (RevisionConflictException conflict) {
                    rejections.add(new Rejection(
                            one.pointer(),
                            one.record().label(),
                            List.of(new org.ketaminefhir.adapter.record.FieldError(
                                    conflict.pointer(), conflict.getMessage()))));
                }
            }
        }
        announce(receipts);
        return new Outcome(receipts, rejections);
    }

    /**
     * When the session ran, from its first to its last moment (dose, readings, end of monitoring,
     * discharge): readings of a vitals record without a session id are matched to it (docs/interface.md, Records).
     */
    private static IncomingRecord.SessionWindow window(SessionRecord session) {
        Optional<OffsetDateTime> start = Stream.concat(
                        Stream.ofNullable(session.administration()).map(SessionRecord.Administration::start),
                        session.vitals().stream().map(VitalSigns::time))
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder());
        Optional<OffsetDateTime> end = Stream.concat(
                        Stream.of(
                                        Optional.ofNullable(session.monitoring())
                                                .map(SessionRecord.Monitoring::end),
                                        Optional.ofNullable(session.discharge()).map(SessionRecord.Discharge::time))
                                .flatMap(Optional::stream),
                        session.vitals().stream().map(VitalSigns::time))
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder());
        return start.isPresent() && end.isPresent() ? new IncomingRecord.SessionWindow(start.get(), end.get()) : null;
    }
}
