package io.batchlab.results;

import java.io.IOException;

/**
 * Writes export rows one by one to a stream it does not own. It may hold back up to a few dozen KB until
 * {@link #flush()}, which {@link RunExport#write} calls at the end; flush the stream itself afterwards.
 */
public sealed interface ExportWriter permits CsvExportWriter, JsonlExportWriter, SummaryCounters, RunExport.Discarded {

    void write(ExportRow row) throws IOException;

    /** Hands every row written so far to the stream (without flushing the stream). */
    void flush() throws IOException;
}
