package org.ketaminefhir.adapter.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.testsupport.Mllp;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;

/**
 * The MLLP port under hostile connections (issue 17): an endless frame, idle connections, a megabyte-long
 * value and a sender that trickles a byte at a time, all at once, while a well-behaved monitor keeps
 * sending. Every good message gets its AA within a bound, and every hostile connection is closed.
 * Loopback only; short timeouts so the closes come within seconds.
 */
class MllpHostileLoadIT {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration FRAME_TIMEOUT = Duration.ofSeconds(3);
    private static final int MAX_FRAME_BYTES = 1024 * 1024;
    // how long a good message may wait for its ACK while the hostile connections run
    private static final Duration ACK_BOUND = Duration.ofSeconds(20);

    private static RunningAdapter adapter;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        adapter = new RunningAdapter(Map.of(
                "spring.datasource.url",
                "jdbc:h2:mem:mllp-hostile-it;DB_CLOSE_DELAY=-1",
                "adapter.outbox.dir",
                "target/test-outbox/mllp-hostile",
                "adapter.mllp.port",
                String.valueOf(port),
                "adapter.mllp.max-frame-bytes",
                String.valueOf(MAX_FRAME_BYTES),
                "adapter.mllp.idle-timeout",
                IDLE_TIMEOUT.toSeconds() + "s",
                "adapter.mllp.frame-timeout",
                FRAME_TIMEOUT.toSeconds() + "s"));
    }

    @AfterAll
    static void stop() {
        adapter.close();
    }

    @Test
    void aMonitorKeepsGettingItsAcksWhileHostileConnectionsAreClosed() throws Exception {
        String good =
                Files.readString(Path.of("src/test/resources/hl7/pcd01-blood-pressure.hl7"), StandardCharsets.UTF_8);
        ScheduledExecutorService hostile = Executors.newScheduledThreadPool(4);
        List<Socket> idle = new ArrayList<>();
        try (Socket endless = connect();
                Socket hugeValue = connect();
                Socket slowloris = connect();
                Socket monitor = connect()) {
            for (int i = 0; i < 3; i++) {
                idle.add(connect());
            }
            CompletableFuture<Long> endlessBytes =
                    CompletableFuture.supplyAsync(() -> sendEndlessFrame(endless), hostile);
            CompletableFuture<String> hugeValueAck = CompletableFuture.supplyAsync(
                    () -> exchange(
                            hugeValue,
                            good.replace("MSGID1234", "HUGE-1").replace("|120|", "|" + "9".repeat(1_000_000) + "|")),
                    hostile);
            byte[] trickle = Mllp.frame(good.replace("MSGID1234", "SLOW-1"));
            AtomicInteger trickled = new AtomicInteger();
            hostile.scheduleAtFixedRate(() -> sendByte(slowloris, trickle, trickled), 0, 250, TimeUnit.MILLISECONDS);

            // the well-behaved monitor: one connection, a message whenever the last was answered
            ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>();
            long slowest = 0;
            int sent = 0;
            long until = System.nanoTime() + FRAME_TIMEOUT.plus(IDLE_TIMEOUT).toNanos();
            while ((System.nanoTime() < until || !hugeValueAck.isDone()) && sent < 2000) {
                long asked = System.nanoTime();
                answers.add(exchange(monitor, good.replace("MSGID1234", "GOOD-" + sent++)));
                slowest = Math.max(slowest, System.nanoTime() - asked);
            }

            assertThat(Mllp.isClosed(monitor))
                    .as("the monitor's connection stays open")
                    .isFalse();
            assertThat(answers).hasSize(sent).allSatisfy(ack -> assertThat(ack).contains("MSA|AA|GOOD-"));
            assertThat(Duration.ofNanos(slowest)).as("the slowest good ACK").isLessThan(ACK_BOUND);
            assertThat(hugeValueAck.get(ACK_BOUND.toSeconds(), TimeUnit.SECONDS))
                    .contains("MSA|AE|HUGE-1|OBX 3: OBX-5 '" + "9".repeat(40) + "…' is not a number")
                    .hasSizeLessThan(2000);
            await().atMost(Duration.ofMinutes(3)).until(() -> Mllp.isClosed(slowloris));
            assertThat(trickled.get()).as("bytes trickled before the close").isLessThan(trickle.length);
            await().atMost(Duration.ofMinutes(3)).until(() -> idle.stream().allMatch(Mllp::isClosed));
            assertThat(endlessBytes.get(30, TimeUnit.SECONDS))
                    .as("bytes of the endless frame taken before the close")
                    .isLessThan(16L * MAX_FRAME_BYTES);
            assertThat(answerIfAny(endless))
                    .as("an answer, when TCP delivers it before the close")
                    .satisfiesAnyOf(
                            ack -> assertThat(ack).isEmpty(),
                            ack -> assertThat(ack)
                                    .contains(
                                            "MSA|AE|ENDLESS-1|the message is longer than the 1048576 bytes this listener takes"));
            await().atMost(Duration.ofMinutes(3)).until(() -> Mllp.isClosed(endless));
        } finally {
            hostile.shutdownNow();
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) ACK_BOUND.toMillis());
        return socket;
    }

    /** The adapter closes a connection whose frame is too long while its peer still writes: TCP may reset it. */
    private static String answerIfAny(Socket socket) {
        try {
            return Mllp.readAck(socket.getInputStream());
        } catch (IOException reset) {
            return "";
        }
    }

    private static String exchange(Socket socket, String message) {
        try {
            socket.getOutputStream().write(Mllp.frame(message));
            socket.getOutputStream().flush();
            return Mllp.readAck(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException("no ACK: " + e, e);
        }
    }

    /** A frame that never ends, 64 KB at a time, until the adapter stops taking it. @return the bytes written */
    private static long sendEndlessFrame(Socket socket) {
        byte[] chunk = "9".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        long written = 0;
        try {
            OutputStream out = socket.getOutputStream();
            out.write(0x0b);
            out.write("MSH|^~\\&|MON|WARD|||20240101120000+0000||ORU^R01^ORU_R01|ENDLESS-1|P|2.6\rOBX|1|NM|150456||"
                    .getBytes(StandardCharsets.US_ASCII));
            // bounded: far more than the limit, in case the close were never seen
            while (written < 64L * MAX_FRAME_BYTES) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException closedByTheAdapter) {
            return written;
        }
        return written;
    }

    private static void sendByte(Socket socket, byte[] frame, AtomicInteger sent) {
        int next = sent.get();
        if (next >= frame.length - 2 || socket.isClosed()) {
            // never the end block: the frame stays open
            return;
        }
        try {
            socket.getOutputStream().write(frame[next]);
            socket.getOutputStream().flush();
            sent.incrementAndGet();
        } catch (IOException closedByTheAdapter) {
            // the adapter closed it: nothing more to send
        }
    }
}
