package io.batchlab.results;

import java.io.IOException;

/** Writes export rows one by one to a stream it does not own: nothing is held back but the writer's buffer. */
public sealed interface ExportWriter permits CsvExportWriter, JsonlExportWriter {

    void write(ExportRow row) throws IOException;
}
