package org.ketaminefhir.adapter.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A monitor's side of MLLP: frame an HL7 message, send it, read the framed ACK (segments on lines). */
public final class Mllp {

    private static final byte START = 0x0b;
    private static final byte[] END = {0x1c, 0x0d};

    private Mllp() {
    }

    /** One message on a connection of its own; the ACK, or "" when the adapter closed the connection. */
    public static String send(int port, String message) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(120_000);  // a bound for a loaded machine: the ACK ends the wait
            socket.getOutputStream().write(frame(message));
            socket.getOutputStream().flush();
            return readAck(socket.getInputStream());
        }
    }

    public static byte[] frame(String message) {
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        framed.write(START);
        framed.writeBytes(message.getBytes(StandardCharsets.UTF_8));
        framed.writeBytes(END);
        return framed.toByteArray();
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
