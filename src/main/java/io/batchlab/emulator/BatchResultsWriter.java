package io.batchlab.emulator;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Writes a finished batch's output file (answered lines, shuffled as the real service does not keep order) and its
 * error file (invalid lines with a custom_id, and lines left unanswered by an expiry or a cancel).
 */
final class BatchResultsWriter {

    private final FileStore files;
    private final IdGenerator ids;
    private final AnswerGenerator answers;

    BatchResultsWriter(FileStore files, IdGenerator ids, AnswerGenerator answers) {
        this.files = files;
        this.ids = ids;
        this.answers = answers;
    }

    BatchResults write(EmulatedBatch batch, EmulatedBatch.Status status, long nowMs) throws IOException {
        BatchPlan plan = batch.plan();
        List<BatchInput.Request> order = new ArrayList<>(batch.input().requests());
        Random random = new Random(plan.seed());
        Collections.shuffle(order, random);
        int answered = Math.min(order.size(), batch.answeredAt(nowMs));
        long createdAt = nowMs / 1000;

        String outputFileId = null;
        if (answered > 0) {
            List<BatchInput.Request> done = order.subList(0, answered);
            outputFileId = files.create("batch_" + batch.id() + "_output.jsonl", StoredFile.PURPOSE_BATCH_OUTPUT,
                    out -> writeLines(out, writer -> {
                        for (BatchInput.Request request : done) {
                            String line = outputLine(request, createdAt).toString();
                            if (random.nextDouble() < plan.malformedOutputRate()) {
                                line = line.substring(0, line.length() / 2);
                            }
                            writer.write(line);
                            writer.write('\n');
                        }
                    })).id();
        }

        List<JsonObject> errorLines = new ArrayList<>();
        for (LineError error : batch.input().lineErrors()) {
            if (error.customId() != null) {
                errorLines.add(errorLine(error.customId(), error.code(), error.message()));
            }
        }
        String interruption = status == EmulatedBatch.Status.EXPIRED ? "batch_expired" : "batch_cancelled";
        for (BatchInput.Request request : order.subList(answered, order.size())) {
            errorLines.add(errorLine(request.customId(), interruption, "line " + request.line() + " was not processed: "
                    + (status == EmulatedBatch.Status.EXPIRED ? "the batch expired before it was answered"
                            : "the batch was cancelled before it was answered")));
        }
        String errorFileId = null;
        if (!errorLines.isEmpty()) {
            errorFileId = files.create("batch_" + batch.id() + "_error.jsonl", StoredFile.PURPOSE_BATCH_OUTPUT,
                    out -> writeLines(out, writer -> {
                        for (JsonObject line : errorLines) {
                            writer.write(line.toString());
                            writer.write('\n');
                        }
                    })).id();
        }
        return new BatchResults(outputFileId, errorFileId);
    }

    private JsonObject outputLine(BatchInput.Request request, long createdAt) {
        String requestId = ids.next("req_");
        return Json.BUILDERS.createObjectBuilder()
                .add("id", ids.next("batch_req_"))
                .add("custom_id", request.customId())
                .add("response", Json.BUILDERS.createObjectBuilder()
                        .add("status_code", 200)
                        .add("request_id", requestId)
                        .add("body", answers.completion(request.body(), requestId, createdAt)))
                .add("error", JsonValue.NULL)
                .build();
    }

    private JsonObject errorLine(String customId, String code, String message) {
        return Json.BUILDERS.createObjectBuilder()
                .add("id", ids.next("batch_req_"))
                .add("custom_id", customId)
                .add("response", JsonValue.NULL)
                .add("error", Json.BUILDERS.createObjectBuilder().add("code", code).add("message", message))
                .build();
    }

    private interface LineSink {
        void writeAll(Writer writer) throws IOException;
    }

    private static void writeLines(OutputStream out, LineSink sink) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        sink.writeAll(writer);
        writer.flush();
    }
}
