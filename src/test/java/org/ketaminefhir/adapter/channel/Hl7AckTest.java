package org.ketaminefhir.adapter.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.record.Hl7Message;

/** The general acknowledgment's header, text and ERR segment, whatever the message it answers. */
class Hl7AckTest {

    private static final String MSH = "MSH|^~\\&|MON|WARD|ADAPTER|CLINIC|20240101120000+0000||%s|CTRL-1|P|2.5.1\r";

    @Test
    void anAdmissionIsAnsweredWithAnAckForItsOwnTriggerEvent() {
        String ack = Hl7Ack.of(Hl7Message.parse(MSH.formatted("ADT^A01^ADT_A01")), "AR", "not taken", "MSH", 9, 200);

        assertThat(ack)
                .startsWith("MSH|^~\\&|ADAPTER|CLINIC|MON|WARD|")
                .contains("||ACK^A01^ACK|ACK-CTRL-1|P|2.5.1\r")
                .contains("MSA|AR|CTRL-1|not taken\r")
                .contains("ERR||MSH^1^9|200^^HL70357|E||||not taken\r");
    }

    @Test
    void aTriggerEventThatIsNoEventCodeIsNotEchoed() {
        assertThat(Hl7Ack.accept(Hl7Message.parse(MSH.formatted("ORU")), "ok")).contains("||ACK|ACK-CTRL-1|");
        assertThat(Hl7Ack.accept(Hl7Message.parse(MSH.formatted("ORU^R01|x")), "ok"))
                .contains("||ACK^R01^ACK|");
        assertThat(Hl7Ack.accept(Hl7Message.parse(MSH.formatted("ORU^" + "R".repeat(500))), "ok"))
                .contains("||ACK|");
    }

    @Test
    void theMessagesOwnDelimitersAreUsedAndTheTextIsEscapedInThem() {
        Hl7Message message =
                Hl7Message.parse("MSH#$*!%#MON#WARD#ADAPTER#CLINIC#20240101120000+0000##ADT$A04#CTRL-2#P#2.6\r");

        String ack = Hl7Ack.of(message, "AR", "type ADT$A04 # not ^ taken !", "MSH", 9, 200);

        assertThat(ack)
                .startsWith("MSH#$*!%#ADAPTER#CLINIC#MON#WARD#")
                .contains("#ACK$A04$ACK#ACK-CTRL-2#")
                .contains("MSA#AR#CTRL-2#type ADT!S!A04 !F! not ^ taken !E!\r")
                .contains("ERR##MSH$1$9#200$$HL70357#E#");
    }

    @Test
    void aHugeHeaderFieldOrTextIsCutNotEchoedWhole() {
        String controlId = "C".repeat(100_000);
        Hl7Message message = Hl7Message.parse("MSH|" + "^~\\&".repeat(1000)
                + "|MON|WARD|ADAPTER|CLINIC|20240101120000||ORU^R01|" + controlId + "|P|2.6\r");

        String ack = Hl7Ack.of(message, "AE", "x".repeat(100_000), null, 0, 101);

        assertThat(ack)
                .hasSizeLessThan(3000)
                .startsWith("MSH|^~\\&|ADAPTER|")
                .contains("MSA|AE|" + "C".repeat(199) + "…|")
                .contains("ERR|||101^^HL70357|E|");
    }

    @Test
    void anUnreadableMessageIsAnsweredInVersion25WithTheStandardDelimiters() {
        assertThat(Hl7Ack.of(null, "AE", "no MSH", "MSH", 1, 100))
                .contains("||ACK|ACK-|P|2.5\rMSA|AE||no MSH\rERR||MSH^1^1|100^^HL70357|E||||no MSH\r");
    }
}
