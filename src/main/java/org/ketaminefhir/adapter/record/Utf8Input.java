package org.ketaminefhir.adapter.record;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Text as every channel reads it: strict UTF-8 (a byte that is not UTF-8 is an error, never silently a
 * replacement character) with a leading byte-order mark skipped. Spreadsheets and some Windows tools
 * write the mark; it is not part of the first column's name or of the JSON.
 */
public final class Utf8Input {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private Utf8Input() {}

    public static String decode(byte[] bytes) throws CharacterCodingException {
        String text = decoder().decode(ByteBuffer.wrap(bytes)).toString();
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    /** The file as lines of strict UTF-8; a byte that is not UTF-8 fails the read with a CharacterCodingException. */
    public static BufferedReader open(Path file) throws IOException {
        return new BufferedReader(withoutByteOrderMark(new InputStreamReader(Files.newInputStream(file), decoder())));
    }

    static Reader withoutByteOrderMark(Reader in) throws IOException {
        PushbackReader reader = new PushbackReader(in, 1);
        int first = reader.read();
        if (first != -1 && first != BYTE_ORDER_MARK) {
            reader.unread(first);
        }
        return reader;
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
