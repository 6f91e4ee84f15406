package io.batchlab.results;

import java.io.Writer;

/** The file formats of {@code batchlab export}. */
public enum ExportFormat {
    /** RFC 4180: a header line, CRLF line ends, fields quoted when they hold a comma, a quote, CR or LF. */
    CSV,
    /** One JSON object per line, keys in column order. */
    JSONL;

    public ExportWriter open(Writer out) {
        return this == CSV ? new CsvExportWriter(out) : new JsonlExportWriter(out);
    }
}
