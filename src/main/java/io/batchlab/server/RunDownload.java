package io.batchlab.server;

import io.batchlab.results.ExportFormat;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;

/** A run's export on its way to the caller: the file name it is offered under, its format and its rows. */
public record RunDownload(String fileName, ExportFormat format, StreamingOutput rows) {

    /** Parquet's registered type (IANA, 2024); CSV as RFC 4180 and RFC 7111 name it; JSON lines as ndjson. */
    static final String PARQUET = "application/vnd.apache.parquet";

    public MediaType mediaType() {
        return switch (format) {
            case CSV -> new MediaType("text", "csv", "UTF-8");
            case JSONL -> new MediaType("application", "x-ndjson", "UTF-8");
            case PARQUET -> MediaType.valueOf(PARQUET);
        };
    }
}
