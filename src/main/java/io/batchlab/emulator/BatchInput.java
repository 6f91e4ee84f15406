package io.batchlab.emulator;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;

/**
 * A validated batch input file.
 *
 * @param lineCount  lines read (0 when the file as a whole was rejected)
 * @param requests   the valid lines, in file order
 * @param lineErrors one entry per invalid line
 * @param fileError  why the whole file is rejected (too many lines, too large), or null
 * @param firstModel the model of the first line that names one, or null
 */
record BatchInput(int lineCount, List<Request> requests, List<LineError> lineErrors, LineError fileError,
        String firstModel) {

    /**
     * A valid input line. The body is kept as compact JSON text: a parsed tree of 50,000 lines would take several
     * times the file's size in memory.
     */
    record Request(int line, String customId, String bodyJson) {

        JsonObject body() {
            return Json.PROVIDER.createReader(new StringReader(bodyJson)).readObject();
        }
    }

    BatchInput {
        requests = List.copyOf(requests);
        lineErrors = List.copyOf(lineErrors);
    }

    static BatchInput rejected(LineError fileError) {
        return new BatchInput(0, List.of(), List.of(), fileError, null);
    }
}
