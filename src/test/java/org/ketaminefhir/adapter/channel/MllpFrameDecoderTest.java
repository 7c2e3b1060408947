package org.ketaminefhir.adapter.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.hl7.HL7MLLPNettyEncoderFactory;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.testsupport.Mllp;

/**
 * The listener's MLLP framing on an in-memory Netty channel: frames split and packed as TCP delivers them,
 * and the limits that keep a hostile sender from holding memory, time or a connection. The channel's clock
 * is moved by hand, so the timeouts are tested without waiting for them.
 */
class MllpFrameDecoderTest {

    private static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final Duration IDLE = Duration.ofMinutes(5);
    private static final Duration FRAME = Duration.ofSeconds(30);
    private static final String MESSAGE =
            "MSH|^~\\&|MON|WARD|ADAPTER|CLINIC|20240101120000+0000||ORU^R01^ORU_R01|CTRL-1|P|2.6\r"
                    + "PID|||12345^^^^MR\r";

    @Test
    void twoFramesInOneReadAndOneFrameAcrossReadsAreEachReadWhole() {
        EmbeddedChannel channel = listener(MAX_FRAME_BYTES);
        byte[] first = Mllp.frame(MESSAGE);
        byte[] second = Mllp.frame(MESSAGE.replace("CTRL-1", "CTRL-2"));
        byte[] packed = new byte[first.length + second.length];
        System.arraycopy(first, 0, packed, 0, first.length);
        System.arraycopy(second, 0, packed, first.length, second.length);

        channel.writeInbound(Unpooled.wrappedBuffer(packed));
        byte[] split = Mllp.frame(MESSAGE.replace("CTRL-1", "CTRL-3"));
        // cut between the two end-block bytes, the hardest place
        channel.writeInbound(Unpooled.wrappedBuffer(split, 0, split.length - 1));
        channel.writeInbound(Unpooled.wrappedBuffer(split, split.length - 1, 1));

        assertThat(inbound(channel))
                .containsExactly(MESSAGE, MESSAGE.replace("CTRL-1", "CTRL-2"), MESSAGE.replace("CTRL-1", "CTRL-3"));
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void bytesOutsideAFrameAreDroppedAndAnEndBlockInsideTextDoesNotEndIt() {
        EmbeddedChannel channel = listener(MAX_FRAME_BYTES);
        String withStrayEndByte = MESSAGE + "NTE|1||a \u001c b\r";

        channel.writeInbound(Unpooled.copiedBuffer("\n\njunk", StandardCharsets.UTF_8));
        channel.writeInbound(Unpooled.wrappedBuffer(Mllp.frame(withStrayEndByte)));

        assertThat(inbound(channel)).containsExactly(withStrayEndByte);
    }

    @Test
    void aFrameOverTheLimitIsAnsweredWithItsControlIdAndTheLimitAndTheConnectionClosed() {
        EmbeddedChannel channel = listener(MAX_FRAME_BYTES);
        ByteBuf start = Unpooled.buffer();
        start.writeByte(0x0b)
                .writeCharSequence(MESSAGE + "OBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||", StandardCharsets.UTF_8);
        channel.writeInbound(start);
        // an endless frame: 8 KB at a time, far past the limit
        for (int i = 0; i < 20 && channel.isOpen(); i++) {
            channel.writeInbound(Unpooled.wrappedBuffer("9".repeat(8192).getBytes(StandardCharsets.US_ASCII)));
        }

        assertThat(inbound(channel)).isEmpty();
        String ack = outbound(channel);
        assertThat(ack)
                .contains("MSH|^~\\&|ADAPTER|CLINIC|MON|WARD|")
                .contains("|ACK^R01^ACK|ACK-CTRL-1|")
                .contains(
                        "MSA|AE|CTRL-1|the message is longer than the 65536 bytes this listener takes (adapter.mllp.max-frame-bytes)")
                .contains("ERR|||104^^HL70357|E|");
        assertThat(ack.length()).isLessThan(1000);
        assertThat(channel.isOpen()).as("closed after the answer").isFalse();
    }

    @Test
    void aFrameOverTheLimitThatIsNoHl7IsStillAnswered() {
        EmbeddedChannel channel = listener(MAX_FRAME_BYTES);
        ByteBuf garbage = Unpooled.buffer();
        garbage.writeByte(0x0b).writeBytes(new byte[MAX_FRAME_BYTES + 10]);

        channel.writeInbound(garbage);

        assertThat(outbound(channel)).contains("MSA|AE||the message is longer than the 65536 bytes");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void scanningALongFrameInSmallReadsTakesLinearTime() {
        // a frame of 4 MB in 64-byte reads: a decoder that searches the whole buffer again on each read
        // (camel-hl7's) looks at about 65,000 × 2 MB bytes; this one looks at each byte once
        int size = 4 * 1024 * 1024;
        EmbeddedChannel channel = listener(size + 1024);
        byte[] chunk =
                "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x0b}));
            for (int sent = 0; sent < size; sent += chunk.length) {
                channel.writeInbound(Unpooled.wrappedBuffer(chunk));
            }
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x1c, 0x0d}));
        });

        assertThat(inbound(channel))
                .singleElement()
                .satisfies(text -> assertThat(text).hasSize(size));
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() {
        EmbeddedChannel channel = listener(MAX_FRAME_BYTES);

        channel.advanceTimeBy(IDLE.minusSeconds(1).toSeconds(), TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void eachCompleteMessageStartsTheIdleTimeoutAgain() {
        EmbeddedChannel channel = listener(MAX_FRAME_BYTES);

        for (int i = 0; i < 3; i++) {
            channel.advanceTimeBy(IDLE.minusSeconds(10).toSeconds(), TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();
            channel.writeInbound(Unpooled.wrappedBuffer(Mllp.frame(MESSAGE)));
        }

        assertThat(channel.isOpen()).isTrue();
        assertThat(inbound(channel)).hasSize(3);
    }

    @Test
    void aSenderThatTricklesAByteAtATimeIsClosedAfterTheFrameTimeout() {
        EmbeddedChannel channel = listener(MAX_FRAME_BYTES);
        byte[] frame = Mllp.frame(MESSAGE);

        int sent = 0;
        // a byte every 5 s: never idle for long, but the message never ends
        for (; sent < frame.length && channel.isOpen(); sent++) {
            channel.writeInbound(Unpooled.wrappedBuffer(frame, sent, 1));
            channel.advanceTimeBy(5, TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();
        }

        assertThat(channel.isOpen()).isFalse();
        assertThat(sent).as("bytes sent before the close").isLessThanOrEqualTo((int) (FRAME.toSeconds() / 5) + 1);
        assertThat(inbound(channel)).isEmpty();
    }

    @Test
    void bytesNotValidInTheMessagesCharacterSetAreAnsweredAeAndNeverReadAsReplacementCharacters() {
        EmbeddedChannel channel = listener(MAX_FRAME_BYTES);
        // "Müller" in ISO 8859-1 (0xFC), sent without MSH-18 to a listener reading UTF-8
        byte[] latin1 = (MESSAGE + "NTE|1||M\u00fcller\r").getBytes(StandardCharsets.ISO_8859_1);

        channel.writeInbound(Unpooled.wrappedBuffer(Mllp.frame(latin1)));

        assertThat(inbound(channel)).isEmpty();
        assertThat(outbound(channel))
                .contains("MSA|AE|CTRL-1|the message holds bytes that are not valid UTF-8 (adapter.mllp.charset")
                .doesNotContain("\ufffd");
        assertThat(channel.isOpen()).as("the sender's next message is read").isTrue();

        // the same bytes, declared in MSH-18, are read as sent
        String declared = MESSAGE.replace("|P|2.6\r", "|P|2.6||||||8859/1\r") + "NTE|1||M\u00fcller\r";
        channel.writeInbound(Unpooled.wrappedBuffer(Mllp.frame(declared.getBytes(StandardCharsets.ISO_8859_1))));
        assertThat(inbound(channel)).containsExactly(declared);
    }

    @Test
    void aCharacterSetTheListenerDoesNotReadIsAnsweredAeNamingMsh18() {
        EmbeddedChannel channel = listener(MAX_FRAME_BYTES);

        channel.writeInbound(
                Unpooled.wrappedBuffer(Mllp.frame(MESSAGE.replace("|P|2.6\r", "|P|2.6||||||UNICODE UTF-16\r"))));

        assertThat(inbound(channel)).isEmpty();
        assertThat(outbound(channel))
                .contains("MSA|AE|CTRL-1|MSH-18 'UNICODE UTF-16' is not a character set this listener reads")
                .contains("ERR||MSH^1^18|");
    }

    private static EmbeddedChannel listener(int maxFrameBytes) {
        HL7MLLPNettyEncoderFactory encoder = new HL7MLLPNettyEncoderFactory();
        encoder.setCharset(StandardCharsets.UTF_8);
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        // the route's order: encoders first, then the decoders
        channel.pipeline()
                .addLast(
                        encoder.newChannelHandler(),
                        new MllpFrameDecoder(maxFrameBytes, StandardCharsets.UTF_8, IDLE, FRAME));
        channel.pipeline().fireChannelActive();
        return channel;
    }

    private static List<String> inbound(EmbeddedChannel channel) {
        List<String> messages = new ArrayList<>();
        for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
            messages.add((String) message);
        }
        return messages;
    }

    private static String outbound(EmbeddedChannel channel) {
        StringBuilder text = new StringBuilder();
        for (ByteBuf written = channel.readOutbound(); written != null; written = channel.readOutbound()) {
            text.append(written.toString(StandardCharsets.UTF_8));
            written.release();
        }
        return Mllp.unframe(text.toString());
    }
}
