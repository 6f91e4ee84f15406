package io.batchlab.results;

import java.io.IOException;
import java.io.Writer;

/**
 * One compact JSON object per line, keys in {@link ExportRow#COLUMNS} order, numbers and booleans as JSON numbers and
 * booleans. Written by hand rather than through a JSON-P generator per row: a generator closes the stream it writes to.
 */
final class JsonlExportWriter implements ExportWriter {

    private final Writer out;

    JsonlExportWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void write(ExportRow row) throws IOException {
        Object[] values = row.values();
        out.write('{');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            writeString(ExportRow.COLUMNS.get(i));
            out.write(':');
            Object value = values[i];
            if (value == null || value instanceof Number || value instanceof Boolean) {
                out.write(String.valueOf(value));
            } else {
                writeString(value.toString());
            }
        }
        out.write("}\n");
    }

    @Override
    public void finish() throws IOException {
        out.flush();
    }

    private void writeString(String value) throws IOException {
        out.write('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.write("\\\"");
                case '\\' -> out.write("\\\\");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                case '\t' -> out.write("\\t");
                default -> {
                    if (c < 0x20) {
                        out.write(String.format("\\u%04x", (int) c));
                    } else {
                        out.write(c);
                    }
                }
            }
        }
        out.write('"');
    }
}
