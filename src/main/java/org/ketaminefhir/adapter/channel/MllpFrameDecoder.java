package org.ketaminefhir.adapter.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.ketaminefhir.adapter.record.Hl7Message;
import org.ketaminefhir.adapter.record.MalformedInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MLLP framing for one connection: each message between a start block (0x0B) and an end block (0x1C 0x0D)
 * becomes one String (in the character set MSH-18 names, else adapter.mllp.charset; {@link Hl7Charset}), several in one TCP read or one across several reads alike. Bytes outside a
 * frame are dropped.
 *
 * <p>It cannot be held hostage, unlike camel-hl7's decoder (a Netty DelimiterBasedFrameDecoder with no
 * length limit that searches the whole buffer again on every read, so a long frame costs quadratic time):
 * <ul>
 * <li>every byte is searched once: the search for the end block resumes where the last read left it;</li>
 * <li>a frame longer than {@code adapter.mllp.max-frame-bytes} is answered AE (with the MSH of its first
 *     bytes, so the sender can match it) and its connection closed: memory never holds more than that;</li>
 * <li>a connection that completes no frame within {@code adapter.mllp.idle-timeout}, or that begins one and
 *     does not end it within {@code adapter.mllp.frame-timeout} (a stalled or trickling sender), is closed.
 *     The event loop's timer closes it: no thread waits on it.</li>
 * </ul>
 * Log lines name the peer's address only, never the message.
 */
final class MllpFrameDecoder extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(MllpFrameDecoder.class);
    private static final byte START_BLOCK = 0x0b;
    private static final byte END_BLOCK = 0x1c;
    private static final byte CARRIAGE_RETURN = 0x0d;
    // the MSH segment an answer to an oversized frame is made from: its first line, cut at this length
    private static final int HEADER_BYTES = 4096;

    private final int maxFrameBytes;
    private final Charset charset;
    private final Duration idleTimeout;
    private final Duration frameTimeout;

    private boolean inFrame;
    // bytes after the reader index already searched for the end block, so no byte is searched twice
    private int searched;
    private boolean refused;
    private boolean droppedLogged;
    private ScheduledFuture<?> deadline;

    MllpFrameDecoder(int maxFrameBytes, Charset charset, Duration idleTimeout, Duration frameTimeout) {
        this.maxFrameBytes = maxFrameBytes;
        this.charset = charset;
        this.idleTimeout = idleTimeout;
        this.frameTimeout = frameTimeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        closeAfter(ctx, idleTimeout, "no message for adapter.mllp.idle-timeout");
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!refused && in.isReadable()) {
            if (!inFrame && !enterFrame(ctx, in)) {
                return;
            }
            int end = endBlock(in);
            int length = (end < 0 ? in.writerIndex() : end) - in.readerIndex();
            if (length > maxFrameBytes) {
                refuse(ctx, in);
            } else if (end < 0) {
                return;
            } else {
                text(ctx, in, length).ifPresent(out::add);
                in.readerIndex(end + 2);
                inFrame = false;
                closeAfter(ctx, idleTimeout, "no message for adapter.mllp.idle-timeout");
            }
        }
        // after a refusal nothing more is read: the connection is closing
        in.skipBytes(in.readableBytes());
    }

    /**
     * The frame as text in its character set ({@link Hl7Charset}); empty when its bytes are not valid in it,
     * which is answered AE here (the message is never read, so nothing of it is journaled) on a connection
     * that stays open for the sender's next message.
     */
    private Optional<String> text(ChannelHandlerContext ctx, ByteBuf in, int length) {
        byte[] frame = ByteBufUtil.getBytes(in, in.readerIndex(), length);
        Hl7Charset.Decoded decoded = Hl7Charset.decode(frame, headerLine(in), charset);
        if (decoded.problem() == null) {
            return Optional.of(decoded.text());
        }
        log.warn(
                "MLLP message from {} refused: its bytes are not text in the character set it names or adapter.mllp.charset",
                peer(ctx));
        ctx.writeAndFlush(Hl7Ack.of(
                decoded.header(),
                "AE",
                decoded.problem(),
                decoded.namedInMsh18() ? "MSH" : null,
                decoded.namedInMsh18() ? 18 : 0,
                Hl7Ack.DATA_TYPE_ERROR));
        return Optional.empty();
    }

    /** Skips to the byte after the next start block. @return false when the buffer holds none (all of it dropped) */
    private boolean enterFrame(ChannelHandlerContext ctx, ByteBuf in) {
        int start = in.indexOf(in.readerIndex(), in.writerIndex(), START_BLOCK);
        int dropped = (start < 0 ? in.writerIndex() : start) - in.readerIndex();
        if (dropped > 0 && !droppedLogged) {
            // once per connection: a sender that does not frame its messages (no 0x0B) is never answered
            droppedLogged = true;
            log.warn(
                    "MLLP connection from {}: {} byte(s) outside a frame dropped (a message starts with the start block 0x0B)",
                    peer(ctx),
                    dropped);
        }
        if (start < 0) {
            in.skipBytes(in.readableBytes());
            return false;
        }
        in.readerIndex(start + 1);
        inFrame = true;
        searched = 0;
        closeAfter(ctx, frameTimeout, "a message not ended within adapter.mllp.frame-timeout");
        return true;
    }

    /** The index of the frame's end block (0x1C followed by 0x0D), or -1 when it has not arrived yet. */
    private int endBlock(ByteBuf in) {
        int from = in.readerIndex() + searched;
        while (true) {
            int candidate = in.indexOf(from, in.writerIndex(), END_BLOCK);
            if (candidate < 0) {
                searched = in.readableBytes();
                return -1;
            }
            if (candidate + 1 == in.writerIndex()) {
                // the 0x0D may come in the next read: look at this 0x1C again then
                searched = candidate - in.readerIndex();
                return -1;
            }
            if (in.getByte(candidate + 1) == CARRIAGE_RETURN) {
                return candidate;
            }
            from = candidate + 1;
        }
    }

    private void refuse(ChannelHandlerContext ctx, ByteBuf in) {
        refused = true;
        cancelDeadline();
        log.warn(
                "MLLP message from {} refused: longer than adapter.mllp.max-frame-bytes ({} bytes); connection closed",
                peer(ctx),
                maxFrameBytes);
        String ack = Hl7Ack.of(
                header(in),
                "AE",
                "the message is longer than the " + maxFrameBytes + " bytes this listener "
                        + "takes (adapter.mllp.max-frame-bytes); it was not read, and the connection is closed",
                null,
                0,
                Hl7Ack.VALUE_TOO_LONG);
        // written from here, the ACK passes the route's MLLP encoder (which precedes the decoders in the pipeline)
        ctx.writeAndFlush(ack).addListener(ChannelFutureListener.CLOSE);
    }

    /** The frame's MSH segment, read from its first line; null when its first bytes are no MSH. */
    private static Hl7Message header(ByteBuf in) {
        try {
            return Hl7Message.parse(headerLine(in));
        } catch (MalformedInputException e) {
            return null;
        }
    }

    /**
     * The frame's first line, at most {@link #HEADER_BYTES}, as ISO 8859-1: every byte one character, so the
     * delimiters and MSH-18 (ASCII in every set the listener reads) are found before the set is known.
     */
    private static String headerLine(ByteBuf in) {
        int window = Math.min(in.readableBytes(), HEADER_BYTES);
        int lineEnd = in.indexOf(in.readerIndex(), in.readerIndex() + window, CARRIAGE_RETURN);
        int length = lineEnd < 0 ? window : lineEnd - in.readerIndex();
        return in.toString(in.readerIndex(), length, StandardCharsets.ISO_8859_1);
    }

    private void closeAfter(ChannelHandlerContext ctx, Duration timeout, String reason) {
        cancelDeadline();
        deadline = ctx.executor()
                .schedule(
                        () -> {
                            log.info("MLLP connection from {} closed: {} ({})", peer(ctx), reason, timeout);
                            ctx.close();
                        },
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelDeadline();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx);
        // after the last decode, which may have set a deadline of its own
        cancelDeadline();
    }

    private static String peer(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress address
                ? address.getAddress().getHostAddress()
                : String.valueOf(ctx.channel().remoteAddress());
    }
}
