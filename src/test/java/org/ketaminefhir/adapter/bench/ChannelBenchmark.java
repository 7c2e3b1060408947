package org.ketaminefhir.adapter.bench;

import static org.awaitility.Awaitility.await;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;

/**
 * The channels' throughput on this machine, printed (run with {@code ./mvnw verify -Pbench}): a
 * 200,000-row vitals CSV through the file drop, with the peak heap of the whole JVM meanwhile, and
 * ORU^R01 messages over one MLLP connection. Delivery is paused so the figures are the intake's.
 */
class ChannelBenchmark {

    private static final int CSV_ROWS = 200_000;
    private static final int HL7_MESSAGES = 2_000;

    @Test
    void csvAndMllp() throws Exception {
        Path base = Path.of("target", "channel-benchmark-" + System.nanoTime());
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (RunningAdapter adapter = new RunningAdapter(Map.of(
                "spring.datasource.url",
                "jdbc:h2:file:./" + base.resolve("journal") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
                "adapter.inbox.dir",
                base.resolve("inbox").toString(),
                "adapter.inbox.poll-interval",
                "200",
                "adapter.mllp.port",
                String.valueOf(port),
                // the world corpus's offset-less gateway messages are read in the zone its oracle chose
                "adapter.clinic.time-zone",
                "America/New_York",
                "adapter.delivery.poll-interval",
                "1h"))) {
            Path csv = base.resolve("vitals-200k.csv");
            try (BufferedWriter out = Files.newBufferedWriter(csv)) {
                out.write(
                        "source_id,mrn,session_source_id,time,systolic,diastolic,heart_rate,spo2,respiratory_rate,temperature_c\n");
                for (int i = 0; i < CSV_ROWS; i++) {
                    out.write("VB-" + i + ",MRN-" + (i % 5000) + ",,2026-11-20T09:" + String.format("%02d", i % 60)
                            + ":00-08:00," + (110 + i % 40) + "," + (70 + i % 20) + "," + (60 + i % 50)
                            + ",98,14,36.8\n");
                }
            }
            System.gc();
            long idleHeap =
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            HeapSampler sampler = new HeapSampler();
            sampler.start();
            Path inbox = Files.createDirectories(base.resolve("inbox/vitals"));
            long start = System.nanoTime();
            Files.move(csv, inbox.resolve("vitals-200k.csv"), StandardCopyOption.ATOMIC_MOVE);
            await().atMost(Duration.ofMinutes(30))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.exists(inbox.resolve("done/vitals-200k.csv"))
                            || Files.exists(inbox.resolve("error/vitals-200k.csv")));
            double csvSeconds = (System.nanoTime() - start) / 1e9;
            long peakHeap = sampler.stop();

            String message = Files.readString(Path.of("src/test/resources/hl7/pcd01-blood-pressure.hl7"));
            long hl7Start = System.nanoTime();
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                for (int i = 0; i < HL7_MESSAGES; i++) {
                    ByteArrayOutputStream frame = new ByteArrayOutputStream();
                    frame.write(0x0b);
                    frame.write(message.replace("MSGID1234", "BENCH-" + i).getBytes(StandardCharsets.UTF_8));
                    frame.write(new byte[] {0x1c, 0x0d});
                    out.write(frame.toByteArray());
                    out.flush();
                    int previous = -1;
                    for (int b = in.read(); b >= 0 && !(previous == 0x1c && b == 0x0d); b = in.read()) {
                        previous = b;
                    }
                }
            }
            double hl7Seconds = (System.nanoTime() - hl7Start) / 1e9;
            Hl7Conversion conversion = Hl7Conversion.measure(adapter);

            System.out.println();
            System.out.printf(
                    "channel benchmark, %s, %d cores, Java %s, max heap %d MB%n",
                    Instant.now(),
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"),
                    Runtime.getRuntime().maxMemory() / (1024 * 1024));
            System.out.printf("%-52s %12s%n", "measure", "value");
            System.out.printf("%-52s %12d%n", "CSV rows (vitals, file drop)", CSV_ROWS);
            System.out.printf("%-52s %12.1f%n", "CSV seconds to done/", csvSeconds);
            System.out.printf("%-52s %12.0f%n", "CSV rows/s (checked and journaled)", CSV_ROWS / csvSeconds);
            System.out.printf("%-52s %12d%n", "heap in use before the CSV, after GC (MB)", idleHeap / (1024 * 1024));
            System.out.printf(
                    "%-52s %12d%n", "peak heap in use during the CSV (MB, sampled 20 ms)", peakHeap / (1024 * 1024));
            System.out.printf("%-52s %12d%n", "peak heap the CSV added (MB)", (peakHeap - idleHeap) / (1024 * 1024));
            System.out.printf("%-52s %12d%n", "HL7 ORU^R01 messages over one MLLP connection", HL7_MESSAGES);
            System.out.printf("%-52s %12.0f%n", "HL7 messages/s (ACK after journal commit)", HL7_MESSAGES / hl7Seconds);
            System.out.printf(
                    "%-52s %12d%n", "HL7 v2 conversion: world ORU^R01 messages taken (AA)", conversion.taken());
            System.out.printf(
                    "%-52s %12.0f%n", "HL7 v2 conversion msgs/s (read, map, validate; 1 thr)", conversion.perSecond());
            System.out.printf(
                    "%-52s %12.2f%n", "HL7 v2 conversion CPU ms per message", conversion.cpuMillisPerMessage());
            System.out.println();
        }
    }

    /** The heap in use, sampled: one pool's peak and another's happen at different moments, so their sum is no peak. */
    private static final class HeapSampler {
        private final ScheduledExecutorService every20Ms = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "heap-sampler");
            thread.setDaemon(true);
            return thread;
        });
        private final AtomicLong peak = new AtomicLong();

        void start() {
            every20Ms.scheduleAtFixedRate(
                    () -> peak.accumulateAndGet(
                            ManagementFactory.getMemoryMXBean()
                                    .getHeapMemoryUsage()
                                    .getUsed(),
                            Math::max),
                    0,
                    20,
                    TimeUnit.MILLISECONDS);
        }

        /** Stops sampling; the peak seen. */
        long stop() throws InterruptedException {
            every20Ms.shutdownNow();
            every20Ms.awaitTermination(1, TimeUnit.SECONDS);
            return peak.get();
        }
    }
}
