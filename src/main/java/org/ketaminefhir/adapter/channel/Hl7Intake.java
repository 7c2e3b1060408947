package org.ketaminefhir.adapter.channel;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.ketaminefhir.adapter.journal.RecordIntake;
import org.ketaminefhir.adapter.journal.RevisionConflictException;
import org.ketaminefhir.adapter.record.FieldError;
import org.ketaminefhir.adapter.record.Hl7Message;
import org.ketaminefhir.adapter.record.Hl7Message.Segment;
import org.ketaminefhir.adapter.record.Hl7VitalsReader;
import org.ketaminefhir.adapter.record.JsonRecordReader.Located;
import org.ketaminefhir.adapter.record.RecordKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MLLP listener's intake (contract §3.3): the message read as a vitals record, journaled, and only
 * then {@code AA} (saying how many values were taken and what was not sent); {@code AE} with an ERR
 * segment naming the segment and field for content it cannot use; {@code AR} for other message types.
 * A resent message (same MSH-10) is a duplicate in the journal and changes nothing.
 */
public final class Hl7Intake {

    private static final Logger log = LoggerFactory.getLogger(Hl7Intake.class);
    private static final DateTimeFormatter ACK_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    private final RecordIntake intake;
    private final MllpProperties properties;
    private final Hl7VitalsReader reader;

    public Hl7Intake(RecordIntake intake, MllpProperties properties) {
        this.intake = intake;
        this.properties = properties;
        this.reader = new Hl7VitalsReader(properties.mrnIdentifierType());
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
            return ack(read.message(), problem.ackCode(), problem.text(), problem.segment(), problem.field(), problem.hl7ErrorCode());
        }
        try {
            RecordIntake.Outcome outcome = intake.submit(List.of(new Located("", read.record())), RecordKind.VITALS,
                    "mllp:" + (peer == null ? "unknown peer" : peer.replaceFirst("^/", "")));
            if (!outcome.accepted()) {
                FieldError error = outcome.rejections().get(0).errors().get(0);
                return ack(read.message(), "AE", error.message() + " (" + read.obxOf(error.pointer()) + ")", "OBX", 5, 102);
            }
        } catch (RevisionConflictException e) {
            return ack(read.message(), "AE", "MSH-10 " + read.controlId() + " was already received with other content; "
                    + "send a new control id", "MSH", 10, 205);
        }
        int values = 0;
        for (var reading : read.record().get("readings")) {
            values += reading.size() - 1;
        }
        log.info("ORU^R01 hl7-{}: {} reading value(s) journaled, {} OBX not sent", read.controlId(), values, read.skipped().size());
        return ack(read.message(), "AA", values + " reading value(s) taken"
                + (read.skipped().isEmpty() ? "" : "; not sent: " + String.join(", ", read.skipped())), null, 0, 0);
    }

    /** The acknowledgement, in the message's own delimiters and version (2.5 when the message was unreadable). */
    private static String ack(Hl7Message message, String code, String text, String segment, int field, int errorCode) {
        Segment msh = message == null ? null : message.first("MSH").orElse(null);
        String f = message == null ? "|" : message.fieldSeparator();
        String encoding = message == null ? "^~\\&" : message.encodingCharacters();
        String controlId = msh == null ? "" : msh.field(10);
        StringBuilder ack = new StringBuilder("MSH").append(f).append(encoding).append(f)
                .append(msh == null ? "" : msh.field(5)).append(f).append(msh == null ? "" : msh.field(6)).append(f)
                .append(msh == null ? "" : msh.field(3)).append(f).append(msh == null ? "" : msh.field(4)).append(f)
                .append(OffsetDateTime.now(ZoneOffset.UTC).format(ACK_TIME)).append(f).append(f).append("ACK^R01^ACK").append(f)
                .append("ACK-").append(controlId).append(f).append("P").append(f).append(msh == null ? "2.5" : msh.field(12)).append('\r')
                .append("MSA").append(f).append(code).append(f).append(controlId).append(f).append(escape(text, f)).append('\r');
        if (segment != null) {
            ack.append("ERR").append(f).append(f).append(segment).append("^1^").append(field).append(f)
                    .append(errorCode).append("^^HL70357").append(f).append("E").append(f).append(f).append(f).append(f)
                    .append(escape(text, f)).append('\r');
        }
        return ack.toString();
    }

    /** The delimiters inside a text become HL7 escape sequences (F, S, R, T and E between escape characters). */
    private static String escape(String text, String separator) {
        return text.replace("\\", "\\E\\").replace(separator, "\\F\\").replace("^", "\\S\\")
                .replace("~", "\\R\\").replace("&", "\\T\\").replace("\r", " ").replace("\n", " ");
    }
}
