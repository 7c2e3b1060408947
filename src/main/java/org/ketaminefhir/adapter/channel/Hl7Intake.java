package org.ketaminefhir.adapter.channel;

import java.util.List;
import org.ketaminefhir.adapter.journal.RecordIntake;
import org.ketaminefhir.adapter.journal.RevisionConflictException;
import org.ketaminefhir.adapter.record.FieldError;
import org.ketaminefhir.adapter.record.Hl7Field;
import org.ketaminefhir.adapter.record.Hl7VitalsReader;
import org.ketaminefhir.adapter.record.JsonRecordReader.Located;
import org.ketaminefhir.adapter.record.RecordKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MLLP listener's intake (docs/interface.md, HL7 v2 from monitors): the message read as a vitals record, journaled, and only
 * then {@code AA} (saying how many values were taken and what was not sent); {@code AE} with an ERR
 * segment naming the segment and field for content it cannot use; {@code AR} for other message types.
 * A resent message (same MSH-10) is a duplicate in the journal and changes nothing.
 */
public final class Hl7Intake {

    private static final Logger log = LoggerFactory.getLogger(Hl7Intake.class);

    private final RecordIntake intake;
    private final MllpProperties properties;
    private final Hl7VitalsReader reader;

    Hl7Intake(RecordIntake intake, MllpProperties properties, Hl7VitalsReader reader) {
        this.intake = intake;
        this.properties = properties;
        this.reader = reader;
    }

    /** A message on the default listener, read with the default code map. @return the HL7 ACK to send back */
    public String receive(String text) {
        return receive(text, null, null);
    }

    public String receive(String text, String vendor) {
        return receive(text, vendor, null);
    }

    /**
     * @param vendor the name of a code map in {@code adapter.mllp.vendor-code-maps}, for a listener of its own
     * @param peer   the sender's address (the route's {@code CamelNettyRemoteAddress}), kept as who submitted
     * @return the HL7 ACK to send back
     */
    public String receive(String text, String vendor, String peer) {
        Hl7VitalsReader.Result read = reader.read(text, properties.codeMap(vendor));
        if (read.problem() != null) {
            Hl7VitalsReader.Problem problem = read.problem();
            return Hl7Ack.of(
                    read.message(),
                    problem.ackCode(),
                    problem.text(),
                    problem.segment(),
                    problem.sequence(),
                    problem.field(),
                    problem.hl7ErrorCode());
        }
        try {
            RecordIntake.Outcome outcome = intake.submit(
                    List.of(new Located("", read.record())),
                    RecordKind.VITALS,
                    "mllp:" + (peer == null ? "unknown peer" : peer.replaceFirst("^/", "")));
            if (!outcome.accepted()) {
                FieldError error = outcome.rejections().get(0).errors().get(0);
                if (error.pointer().startsWith("/patient")) {
                    // the MRN taken from PID-3 does not match adapter.patients.mrn-pattern: name PID-3, not an OBX
                    return Hl7Ack.of(
                            read.message(),
                            "AE",
                            "PID-3: the MRN " + error.message(),
                            "PID",
                            1,
                            3,
                            Hl7Ack.DATA_TYPE_ERROR);
                }
                Hl7Field field = read.fieldOf(error.pointer());
                return Hl7Ack.of(
                        read.message(),
                        "AE",
                        error.message() + " (" + field.text() + ")",
                        field.segment(),
                        field.sequence(),
                        field.field(),
                        Hl7Ack.DATA_TYPE_ERROR);
            }
        } catch (RevisionConflictException e) {
            return Hl7Ack.of(
                    read.message(),
                    "AE",
                    "MSH-10 " + read.controlId() + " was already received with other content; "
                            + "send a new control id",
                    "MSH",
                    10,
                    Hl7Ack.DUPLICATE_KEY);
        }
        long values = 0;
        for (var reading : read.record().get("readings")) {
            values += reading.properties().stream()
                    .filter(field -> field.getValue().isNumber())
                    .count();
        }
        log.info(
                "ORU^R01 hl7-{}: {} reading value(s) journaled, {} OBX not sent, {} time warning(s)",
                read.controlId(),
                values,
                read.skipped().size() + read.deviceRows().size(),
                read.warnings().size());
        // a time far from the message's is a warning, not a refusal: the values are taken, the sender is told
        // (before the rows not sent, so a long list never cuts it off the end of MSA-3)
        return Hl7Ack.accept(
                read.message(),
                values + " reading value(s) taken"
                        + (read.warnings().isEmpty() ? "" : "; warning: " + read.warningList())
                        + (read.nothingSkipped() ? "" : "; not sent: " + read.skippedList()));
    }
}
