package dev.parallax.bench.dataset;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming CSV/TSV record reader (RFC 4180 and what spreadsheets write): quoted fields with doubled quotes,
 * delimiters and line breaks inside quotes, CRLF, LF or CR line ends. A quote inside an unquoted field is kept
 * as text. Tracks the line each record starts on.
 */
final class DelimitedParser {

    /** A record that cannot be read; the parser has moved past it. */
    static final class BadRecord extends Exception {
        final long line;

        BadRecord(long line, String message) {
            super(message);
            this.line = line;
        }
    }

    private final Reader in;
    private final char delimiter;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    private long line = 1;
    private long recordLine;
    private final StringBuilder field = new StringBuilder();

    DelimitedParser(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** The line the last record returned began on (1-based). */
    long recordLine() {
        return recordLine;
    }

    private int read() throws IOException {
        if (pos == len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return -1;
            }
        }
        return buf[pos++];
    }

    private int peek() throws IOException {
        int c = read();
        if (c >= 0) {
            pos--;
        }
        return c;
    }

    /** The next record's fields, or null at the end of the file. */
    List<String> next() throws IOException, BadRecord {
        int c = read();
        if (c < 0) {
            return null;
        }
        recordLine = line;
        List<String> fields = new ArrayList<>();
        field.setLength(0);
        boolean quoted = false;
        boolean afterQuote = false;
        boolean fieldStart = true;
        while (true) {
            if (quoted) {
                if (c < 0) {
                    throw new BadRecord(recordLine, "a quoted field opened on line " + recordLine + " is never closed");
                }
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        field.append('"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n' || (c == '\r' && peek() != '\n')) {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c < 0 || c == '\n' || c == '\r') {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                if (c >= 0) {
                    line++;
                }
                fields.add(field.toString());
                return fields;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                afterQuote = false;
                c = read();
                continue;
            } else if (c == '"' && fieldStart) {
                quoted = true;
            } else {
                // Text after a closing quote (a"b"c) or a quote inside an unquoted field: kept as text.
                if (afterQuote && c == '"') {
                    field.append('"');
                } else {
                    field.append((char) c);
                }
            }
            fieldStart = false;
            c = read();
        }
    }
}
