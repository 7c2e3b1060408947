package org.ketaminefhir.adapter.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a message is cut into segments, fields, repetitions and components, by the delimiters it declares. */
class Hl7MessageTest {

    private static final String MSH =
            "MSH|^~\\&|MON|WARD|ADAPTER|CLINIC|20240101120000+0000||ORU^R01^ORU_R01|CTRL-1|P|2.6";

    @Test
    void fieldsAreNumberedAsHl7NumbersThemWithMsh1TheSeparatorItself() {
        Hl7Message message = Hl7Message.parse(MSH + "\rPID|||12345^^^^MR~678^^^^PI||Doe^Jane\r");
        Hl7Message.Segment msh = message.first("MSH").orElseThrow();
        Hl7Message.Segment pid = message.first("PID").orElseThrow();

        assertThat(msh.field(1)).isEqualTo("|");
        assertThat(msh.field(2)).isEqualTo("^~\\&");
        assertThat(msh.field(9)).isEqualTo("ORU^R01^ORU_R01");
        assertThat(msh.field(10)).isEqualTo("CTRL-1");
        assertThat(msh.field(40)).as("a field not sent").isEmpty();
        assertThat(message.repetitions(pid.field(3))).containsExactly("12345^^^^MR", "678^^^^PI");
        assertThat(message.component(pid.field(5), 2)).isEqualTo("Jane");
        assertThat(message.component(pid.field(5), 9))
                .as("a component not sent")
                .isEmpty();
    }

    @Test
    void segmentsEndAtCrLfOrCrLfAndBlankLinesAndSurroundingWhitespaceAreNotSegments() {
        Hl7Message message = Hl7Message.parse("\n  " + MSH + "\r\nPID|||1\n\nOBR|1\rOBX|1|NM\r\n\r\n");

        assertThat(message.segments()).extracting(Hl7Message.Segment::name).containsExactly("MSH", "PID", "OBR", "OBX");
    }

    @Test
    void theDelimitersAreTheOnesTheMessageDeclares() {
        Hl7Message message =
                Hl7Message.parse("MSH#*!\\@#MON#WARD\rPID###100*0*0*FAC-B@1.3.4.565@ISO*MR!200*0*0*0*PI\r");
        Hl7Message.Segment pid = message.first("PID").orElseThrow();

        assertThat(message.fieldSeparator()).isEqualTo("#");
        assertThat(message.encodingCharacters()).isEqualTo("*!\\@");
        assertThat(message.repetitions(pid.field(3))).hasSize(2);
        assertThat(message.subcomponents(message.component(pid.field(3), 4)))
                .containsExactly("FAC-B", "1.3.4.565", "ISO");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PID|||1\r", "", "MSH|", "  \r\n"})
    void textThatDoesNotStartWithAnMshSegmentIsMalformed(String text) {
        assertThatThrownBy(() -> Hl7Message.parse(text))
                .isInstanceOf(MalformedInputException.class)
                .hasMessage("MSH: the message does not start with an MSH segment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MSHA^~\\&|MON", "MSH ^~\\&|MON", "MSH||~\\&|MON", "MSH|^|\\&|MON"})
    void delimitersThatCannotCutAMessageAreRefused(String text) {
        assertThatThrownBy(() -> Hl7Message.parse(text))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageStartingWith("MSH-1/MSH-2: the delimiters are not usable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"^~\\&XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "^^\\&", "^~A&", "^~"})
    void anAnswerEchoesOnlyFourOrFiveDistinctSymbolsAsEncodingCharacters(String msh2) {
        Hl7Message message = Hl7Message.parse("MSH|" + msh2 + "|MON|WARD\r");

        assertThat(message.encodingCharacters()).isEqualTo("^~\\&");
    }

    @Test
    void theV27TruncationCharacterIsKept() {
        assertThat(Hl7Message.parse("MSH|^~\\&#|MON|WARD\r").encodingCharacters())
                .isEqualTo("^~\\&#");
    }

    @Test
    void anExcerptIsFortyCharactersAndNeverHalfASurrogatePair() {
        String emoji = "\uD83D\uDE00";

        assertThat(Hl7Message.excerpt("x".repeat(40))).isEqualTo("x".repeat(40));
        assertThat(Hl7Message.excerpt("x".repeat(41))).isEqualTo("x".repeat(40) + "…");
        assertThat(Hl7Message.excerpt("x".repeat(39) + emoji + "tail")).isEqualTo("x".repeat(39) + "…");
    }
}
