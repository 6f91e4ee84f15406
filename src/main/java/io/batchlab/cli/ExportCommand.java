package io.batchlab.cli;

import io.batchlab.results.ExportFormat;
import io.batchlab.results.RunExport;
import io.batchlab.store.AtomicFiles;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code batchlab export RUN_ID [--format csv|jsonl|parquet] [--out FILE]}: one row per request of the run, streamed.
 * Parquet goes to a file or a pipe, never to a terminal, where its bytes would only garble the screen.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a run's results as one table, one row per request (columns: see the README).")
final class ExportCommand implements Callable<Integer> {

    @ParentCommand
    Batchlab batchlab;

    @Parameters(paramLabel = "RUN_ID", description = "The run to export.")
    String runId;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|jsonl|parquet",
            converter = FormatConverter.class, description = "csv (RFC 4180, the default), jsonl or parquet.")
    ExportFormat format;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write to FILE (replaced whole, only once complete) instead of standard output.")
    Path out;

    @Override
    public Integer call() throws Exception {
        ExperimentStore store = batchlab.store();
        RunId run = Runs.parseCreated(store, runId);
        long rows;
        if (out == null) {
            if (!format.isText() && Terminal.isInteractive()) {
                throw new CliException("parquet is binary: write it with --out FILE or pipe it (| duckdb, > file)");
            }
            rows = export(store, run, System.out);
        } else {
            long[] written = new long[1];
            AtomicFiles.write(out, stream -> written[0] = export(store, run, stream));
            rows = written[0];
            System.err.println("batchlab: " + rows + " rows of " + run + " written to " + out);
        }
        return 0;
    }

    private long export(ExperimentStore store, RunId run, OutputStream stream) throws IOException {
        return RunExport.write(store, run, format.open(stream));
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<ExportFormat> {
        @Override
        public ExportFormat convert(String value) {
            try {
                return ExportFormat.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
