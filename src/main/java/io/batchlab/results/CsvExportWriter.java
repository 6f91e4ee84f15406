package io.batchlab.results;

import java.io.IOException;
import java.io.Writer;

/**
 * RFC 4180 CSV: header first, CRLF after every record, a field quoted (quotes doubled) only when it holds a comma,
 * a quote, CR or LF, so that pandas, R and spreadsheets read answers with any of those as one cell. Line breaks
 * inside an answer are kept as they are, inside the quotes.
 */
final class CsvExportWriter implements ExportWriter {

    private final Writer out;
    private boolean headerWritten;

    CsvExportWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void write(ExportRow row) throws IOException {
        if (!headerWritten) {
            writeRecord(ExportRow.COLUMNS.toArray());
            headerWritten = true;
        }
        writeRecord(row.values());
    }

    private void writeRecord(Object[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            if (values[i] != null) {
                writeField(values[i].toString());
            }
        }
        out.write("\r\n");
    }

    private void writeField(String value) throws IOException {
        if (!needsQuotes(value)) {
            out.write(value);
            return;
        }
        out.write('"');
        int start = 0;
        for (int i = value.indexOf('"'); i >= 0; i = value.indexOf('"', start)) {
            out.write(value, start, i + 1 - start);
            out.write('"');
            start = i + 1;
        }
        out.write(value, start, value.length() - start);
        out.write('"');
    }

    private static boolean needsQuotes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
