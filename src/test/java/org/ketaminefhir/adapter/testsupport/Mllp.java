package org.ketaminefhir.adapter.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.ketaminefhir.adapter.mapping.ResourceIdentities;
import org.ketaminefhir.adapter.record.PatientRef;

/** A monitor's side of MLLP: frame an HL7 message, send it, read the framed ACK (segments on lines). */
public final class Mllp {

    private static final byte START = 0x0b;
    private static final byte[] END = {0x1c, 0x0d};

    private Mllp() {}

    /** One message on a connection of its own; the ACK, or "" when the adapter closed the connection. */
    public static String send(int port, String message) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(120_000); // a bound for a loaded machine: the ACK ends the wait
            socket.getOutputStream().write(frame(message));
            socket.getOutputStream().flush();
            return readAck(socket.getInputStream());
        }
    }

    /**
     * The identifier value (after the clinic's namespace) of a monitor's reading: the patient's, whatever
     * message carried it, e.g. {@code readingPart(system, "12345", "vitals/20210426T030331Z/heart-rate")}.
     */
    public static String readingPart(String mrnSystem, String mrn, String part) {
        return "vitals/"
                + new ResourceIdentities("urn:any", mrnSystem)
                        .patientReadings(new PatientRef(mrn, null, null, null, null, null))
                + "/" + part;
    }

    public static byte[] frame(String message) {
        return frame(message.getBytes(StandardCharsets.UTF_8));
    }

    /** A message's bytes as they are, in whatever character set, framed. */
    public static byte[] frame(byte[] message) {
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        framed.write(START);
        framed.writeBytes(message);
        framed.writeBytes(END);
        return framed.toByteArray();
    }

    /**
     * Whether the adapter has closed this connection: what it sent before is read and dropped, and a
     * connection that is open and quiet answers within 50 ms that it is.
     */
    public static boolean isClosed(Socket socket) {
        try {
            int timeout = socket.getSoTimeout();
            socket.setSoTimeout(50);
            try {
                while (true) {
                    if (socket.getInputStream().read() < 0) {
                        return true;
                    }
                }
            } finally {
                socket.setSoTimeout(timeout);
            }
        } catch (SocketTimeoutException open) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Framed text (one or more ACKs) without its MLLP blocks, segments on lines as {@link #readAck} gives them. */
    public static String unframe(String framed) {
        return framed.replace("\u000b", "").replace("\u001c", "").replace('\r', '\n');
    }

    public static String readAck(InputStream in) throws IOException {
        ByteArrayOutputStream ack = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b >= 0 && !(previous == 0x1c && b == 0x0d); b = in.read()) {
            if (b != START && b != 0x1c) {
                ack.write(b);
            }
            previous = b;
        }
        return ack.toString(StandardCharsets.UTF_8).replace('\r', '\n');
    }
}
