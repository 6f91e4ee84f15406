package io.batchlab.results;

import java.io.IOException;

/**
 * Writes export rows one by one to a stream it does not own ({@link ExportFormat#open}). It may hold rows back — a
 * few dozen KB of text, a Parquet row group — until {@link #finish()}, which {@link RunExport#write} calls once, after
 * the last row, and only when every row was written.
 */
public sealed interface ExportWriter permits CsvExportWriter, JsonlExportWriter, ParquetExportWriter, SummaryCounters,
        RunExport.Discarded, RunExport.Buffered, UserAnswers.PageRows {

    void write(ExportRow row) throws IOException;

    /** Hands everything held back to the stream and flushes it; Parquet writes its footer here. */
    void finish() throws IOException;
}
