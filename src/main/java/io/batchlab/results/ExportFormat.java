package io.batchlab.results;

import java.io.Writer;
import java.util.Locale;

/** The file formats of {@code batchlab export} and of the runs API's export. */
public enum ExportFormat {
    /** RFC 4180: a header line, CRLF line ends, fields quoted when they hold a comma, a quote, CR or LF. */
    CSV,
    /** One JSON object per line, keys in column order. */
    JSONL;

    public ExportWriter open(Writer out) {
        return this == CSV ? new CsvExportWriter(out) : new JsonlExportWriter(out);
    }

    /** The format's name as users write it, and the export file's extension. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format of this name (any case), or an error naming the allowed ones. */
    public static ExportFormat parse(String name) {
        for (ExportFormat candidate : values()) {
            if (candidate.name().equalsIgnoreCase(name)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not an export format; use csv or jsonl"
                + ("parquet".equalsIgnoreCase(name) ? " (parquet is not supported: see the README)" : ""));
    }
}
