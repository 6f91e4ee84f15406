package io.batchlab.emulator;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The batches: creation with Groq's checks, lookup, listing, cancel; results are written when a batch finishes. */
final class BatchStore {

    private static final Pattern WINDOW = Pattern.compile("(\\d+)([hd])");
    private static final Duration MIN_WINDOW = Duration.ofHours(24);
    private static final Duration MAX_WINDOW = Duration.ofDays(7);

    private final EmulatorSettings settings;
    private final FileStore files;
    private final IdGenerator ids;
    private final Clock clock;
    private final BatchInputValidator validator;
    private final BatchResultsWriter resultsWriter;
    private final Random random;
    private final Map<String, EmulatedBatch> batches = new LinkedHashMap<>();
    private final Supplier<FaultSettings> faults;

    BatchStore(EmulatorSettings settings, FileStore files, IdGenerator ids, Clock clock, AnswerGenerator answers,
               Supplier<FaultSettings> faults) {
        this.settings = settings;
        this.faults = faults;
        this.files = files;
        this.ids = ids;
        this.clock = clock;
        this.validator = new BatchInputValidator(settings.models(), settings.decommissionedModels());
        this.resultsWriter = new BatchResultsWriter(files, ids, answers);
        this.random = new Random(settings.seed());
    }

    /** Creates a batch from a {@code POST /batches} body; checks the request, the input file and its first model. */
    EmulatedBatch create(JsonObject request) throws IOException {
        FaultSettings faults = this.faults.get();
        String inputFileId = requiredString(request, "input_file_id");
        String endpoint = requiredString(request, "endpoint");
        if (!endpoint.equals(BatchInputValidator.ENDPOINT)) {
            throw ApiError.invalidRequest("invalid_value", "endpoint", "endpoint '" + endpoint
                    + "' is not supported; only " + BatchInputValidator.ENDPOINT + " is allowed");
        }
        String completionWindow = requiredString(request, "completion_window");
        Duration window = parseWindow(completionWindow);
        Map<String, String> metadata = metadata(request.get("metadata"));

        StoredFile input = files.find(inputFileId).orElseThrow(() -> ApiError.notFound("file_not_found",
                "input_file_id '" + inputFileId + "' does not exist; upload it with POST /files first"));
        if (!input.purpose().equals(StoredFile.PURPOSE_BATCH)) {
            throw ApiError.invalidRequest("invalid_file_purpose", "input_file_id", "input file " + inputFileId
                    + " has purpose '" + input.purpose() + "'; a batch needs a file uploaded with purpose 'batch'");
        }
        BatchInput batchInput = validator.validate(input);
        checkFirstModel(batchInput.firstModel());

        long now = clock.millis();
        long validatingEnd = now + settings.validating().toMillis();
        long extraInProgress;
        synchronized (random) {
            extraInProgress = (long) (random.nextDouble() * settings.inProgressSpread().toMillis());
        }
        long inProgressEnd = validatingEnd + settings.inProgress().toMillis() + extraInProgress;
        long finalizingEnd = inProgressEnd + settings.finalizing().toMillis();
        long windowEnd = now + (faults.completionWindowOverride() != null ? faults.completionWindowOverride() : window)
                .toMillis();
        String userId = EmulatedBatch.submitter(metadata);
        LineError failure = userId != null && faults.failUsers().contains(userId)
                ? LineError.ofFile("emulated_failure", "the emulator failed this batch on purpose: '" + userId
                        + "' (metadata user_id or pack) is in its failUsers")
                : null;
        long batchSeed;
        boolean injectedExpiry;
        synchronized (random) {
            batchSeed = random.nextLong();
            injectedExpiry = (userId != null && faults.expireUsers().contains(userId))
                    || random.nextDouble() < faults.expireRate();
        }
        long expiry = injectedExpiry ? Math.min(windowEnd, validatingEnd + (inProgressEnd - validatingEnd) / 2) : windowEnd;
        BatchPlan plan = new BatchPlan(now, validatingEnd, inProgressEnd, finalizingEnd, windowEnd,
                expiry < finalizingEnd ? expiry : null, failure, settings.finalizing().toMillis(),
                faults.malformedOutputRate(), batchSeed);
        EmulatedBatch batch = new EmulatedBatch(ids.next("batch_"), inputFileId, completionWindow, metadata,
                batchInput, plan);
        synchronized (batches) {
            batches.put(batch.id(), batch);
        }
        return batch;
    }

    /** When the batch completes (or completed), exactly; empty for an unknown, failing, expiring or cancelled batch. */
    Optional<Instant> completionTime(String id) {
        return find(id).filter(batch -> batch.statusAt(Long.MAX_VALUE) == EmulatedBatch.Status.COMPLETED)
                .map(batch -> Instant.ofEpochMilli(batch.plan().finalizingEndMs()));
    }

    EmulatedBatch get(String id) {
        synchronized (batches) {
            EmulatedBatch batch = batches.get(id);
            if (batch == null) {
                throw ApiError.notFound("batch_not_found", "No such batch: " + id);
            }
            return batch;
        }
    }

    Optional<EmulatedBatch> find(String id) {
        synchronized (batches) {
            return Optional.ofNullable(batches.get(id));
        }
    }

    /** Newest first, as the real list is. */
    List<EmulatedBatch> newestFirst() {
        List<EmulatedBatch> all;
        synchronized (batches) {
            all = new ArrayList<>(batches.values());
        }
        Collections.reverse(all);
        return all;
    }

    /** The batch as JSON now; a batch that just finished gets its output and error files first. */
    JsonObject toJson(EmulatedBatch batch) throws IOException {
        long now = clock.millis();
        if (faults.get().holdBatches()) {
            now = Math.min(now, batch.plan().inProgressEndMs() - 1);
        }
        synchronized (batch) {
            EmulatedBatch.Status status = batch.statusAt(now);
            if (status.hasResults() && batch.results() == null) {
                batch.results(resultsWriter.write(batch, status, now));
            }
            return batch.toJson(now);
        }
    }

    JsonObject cancel(String id) throws IOException {
        EmulatedBatch batch = get(id);
        batch.cancel(clock.millis());
        return toJson(batch);
    }

    private void checkFirstModel(String model) {
        if (model == null) {
            return;
        }
        String replacement = settings.decommissionedModels().get(model);
        if (replacement != null) {
            throw ApiError.invalidRequest("model_decommissioned", "model", "The model `" + model
                    + "` has been decommissioned and is no longer supported. Use " + replacement
                    + " instead (see https://console.groq.com/docs/deprecations).");
        }
        if (!settings.models().contains(model)) {
            throw ApiError.notFound("model_not_found", "The model `" + model
                    + "` does not exist or you do not have access to it.");
        }
    }

    private static Duration parseWindow(String text) {
        Matcher matcher = WINDOW.matcher(text);
        Duration window = null;
        if (matcher.matches() && matcher.group(1).length() <= 4) {
            long amount = Long.parseLong(matcher.group(1));
            window = matcher.group(2).equals("h") ? Duration.ofHours(amount) : Duration.ofDays(amount);
        }
        if (window == null || window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw ApiError.invalidRequest("invalid_value", "completion_window", "completion_window '" + text
                    + "' is not allowed; use hours or days from 24h to 7d, e.g. 24h, 48h, 7d");
        }
        return window;
    }

    private static Map<String, String> metadata(JsonValue value) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (value == null || value == JsonValue.NULL) {
            return metadata;
        }
        if (!(value instanceof JsonObject object)) {
            throw ApiError.invalidRequest("invalid_type", "metadata", "metadata must be an object of strings");
        }
        for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
            if (!(entry.getValue() instanceof JsonString text)) {
                throw ApiError.invalidRequest("invalid_type", "metadata." + entry.getKey(),
                        "metadata value '" + entry.getKey() + "' must be a string");
            }
            metadata.put(entry.getKey(), text.getString());
        }
        return metadata;
    }

    private static String requiredString(JsonObject request, String key) {
        if (!(request.get(key) instanceof JsonString text) || text.getString().isEmpty()) {
            throw ApiError.invalidRequest("missing_required_parameter", key, "'" + key + "' is required (a string)");
        }
        return text.getString();
    }
}
