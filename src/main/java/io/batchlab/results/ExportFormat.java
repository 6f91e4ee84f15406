package io.batchlab.results;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The file formats of {@code batchlab export} and of the runs API's export. */
public enum ExportFormat {
    /** RFC 4180: a header line, CRLF line ends, fields quoted when they hold a comma, a quote, CR or LF. */
    CSV,
    /** One JSON object per line, keys in column order. */
    JSONL,
    /** Apache Parquet: the same columns, typed, GZIP pages ({@link ParquetExportWriter}). */
    PARQUET;

    /** Opens a writer of this format onto {@code out}, which stays the caller's to close. */
    public ExportWriter open(OutputStream out) throws IOException {
        return switch (this) {
            case CSV -> new CsvExportWriter(text(out));
            case JSONL -> new JsonlExportWriter(text(out));
            case PARQUET -> new ParquetExportWriter(out);
        };
    }

    /** Whether the export is text (UTF-8) rather than bytes that only a Parquet reader makes sense of. */
    public boolean isText() {
        return this != PARQUET;
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
        throw new IllegalArgumentException("'" + name + "' is not an export format; use csv, jsonl or parquet");
    }

    private static BufferedWriter text(OutputStream out) {
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }
}
