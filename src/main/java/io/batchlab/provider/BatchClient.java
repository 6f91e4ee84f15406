package io.batchlab.provider;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * What batchlab's jobs use to talk to Groq's Batch API: typed results, one exception hierarchy
 * ({@link ProviderException}), and every call retried and paced by one policy.
 */
public final class BatchClient implements AutoCloseable {

    /** Looked up once: {@code Json.create*} searches the class path for the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** Metadata keys that tag a batch with its run and user, for {@link #findSubmission}. */
    public static final String METADATA_RUN_ID = "run_id";
    public static final String METADATA_USER_ID = "user_id";
    /** Metadata key that tags a packed batch with its pack's name (instead of a user), for {@link #findPackSubmission}. */
    public static final String METADATA_PACK = "pack";
    /** Tags a retry attempt's batch with its number (1, 2, …); the first submission's batch has none. */
    public static final String METADATA_RETRY = "retry";
    public static final String CHAT_COMPLETIONS_ENDPOINT = "/v1/chat/completions";
    /** Groq accepts at most this many ids in one {@code GET /batches?id=…}. */
    public static final int MAX_IDS_PER_RETRIEVE = 200;

    private static final Logger LOG = Logger.getLogger(BatchClient.class.getName());
    private static final String DISABLE_DEFAULT_MAPPER = "microprofile.rest.client.disable.default.mapper";
    private static final int COPY_BUFFER_BYTES = 64 * 1024;

    private final GroqBatchApi api;
    private final ProviderCallPolicy policy;

    private BatchClient(GroqBatchApi api, ProviderCallPolicy policy) {
        this.api = api;
        this.policy = policy;
    }

    /** @throws MissingApiKeyException when {@code settings} has no API key */
    public static BatchClient create(ProviderSettings settings) {
        ProviderCallPolicy policy = new ProviderCallPolicy(settings);
        GroqBatchApi api = restClientBuilder(settings).register(new RateLimitHeadersFilter(policy::observed))
                .build(GroqBatchApi.class);
        return new BatchClient(api, policy);
    }

    /** The bare REST client (verbatim JSON, no retries or pacing), authorised with the settings' key. */
    public static GroqBatchApi restClient(ProviderSettings settings) {
        return restClientBuilder(settings).build(GroqBatchApi.class);
    }

    private static RestClientBuilder restClientBuilder(ProviderSettings settings) {
        if (settings.apiKey() == null) {
            throw new MissingApiKeyException();
        }
        WireLogRedaction.install();
        RestClientBuilder builder = RestClientBuilder.newBuilder()
                .baseUri(settings.baseUrl())
                .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .property(DISABLE_DEFAULT_MAPPER, Boolean.TRUE)
                .register(new AuthorizationFilter(settings.apiKey()));
        return SingleAttemptHttpEngine.registerIfAvailable(builder, settings);
    }

    /** {@code batchlab_<runId>_<userId>.jsonl}: the deterministic name that lets {@link #findSubmission} find an upload. */
    public static String uploadFilename(String runId, String userId) {
        return "batchlab_" + runId + "_" + userId + ".jsonl";
    }

    /** {@code batchlab_<runId>_<pack>.jsonl}: a pack's deterministic upload name, for {@link #findPackSubmission}. */
    public static String packUploadFilename(String runId, String pack) {
        return uploadFilename(runId, pack);
    }

    /**
     * {@code batchlab_<runId>_<userId>.retry-<attempt>.jsonl}: a retry attempt's deterministic upload name (user ids
     * hold no dots, so it never equals another user's first upload name).
     */
    public static String retryUploadFilename(String runId, String userId, int attempt) {
        return "batchlab_" + runId + "_" + userId + ".retry-" + attempt + ".jsonl";
    }

    /** Uploads a JSONL file with {@code purpose=batch}. Retried safely: every attempt streams the file from disk again. */
    public FileObject upload(Path jsonl, String filename) {
        if (!Files.isRegularFile(jsonl) || !Files.isReadable(jsonl)) {
            throw new IllegalArgumentException("Cannot upload " + jsonl + ": not a readable file");
        }
        return policy.call(ProviderCallPolicy.Turn.SUBMISSION, "upload " + filename, () -> {
            try (InputStream content = Files.newInputStream(jsonl)) {
                List<EntityPart> parts = List.of(
                        EntityPart.withName("file").fileName(filename).mediaType("application/jsonl").content(content).build(),
                        EntityPart.withName("purpose").content("batch").build());
                return FileObject.fromJson(api.uploadFile(parts));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + jsonl, e);
            }
        });
    }

    public FileObject fileInfo(String fileId) {
        return policy.call("file info " + fileId, () -> FileObject.fromJson(api.fileInfo(fileId)));
    }

    public List<FileObject> listFiles() {
        return policy.call("list files", () -> data(api.listFiles(), FileObject::fromJson));
    }

    /**
     * Streams a file's content to {@code target}, replacing it, and forces it to disk. A retry starts the file again from
     * scratch, so pass a temporary path and move it into place afterwards.
     */
    public void download(String fileId, Path target) {
        policy.call("download " + fileId, () -> {
            try (Response response = api.fileContent(fileId)) {
                long copied = copy(fileId, response.readEntity(InputStream.class), target);
                long expected = response.getLength();
                if (expected >= 0 && copied != expected) {
                    throw new ProviderIoException("download " + fileId + " ended after " + copied + " of " + expected
                            + " bytes", null);
                }
                LOG.fine(() -> "Downloaded " + fileId + " (" + copied + " bytes) to " + target);
                return copied;
            }
        });
    }

    /** @return whether the provider reports the file deleted; false when it did not exist (already gone) */
    public boolean deleteFile(String fileId) {
        return policy.call("delete file " + fileId, () -> {
            try {
                return api.deleteFile(fileId).getBoolean("deleted", false);
            } catch (ProviderException e) {
                if (e.status() == 404) {
                    return false;
                }
                throw e;
            }
        });
    }

    /**
     * Creates a batch for {@code /v1/chat/completions}. Not retried when the provider may have acted (5xx, reset): the
     * API has no idempotency key, so the caller reconciles with {@link #findSubmission} instead of risking a duplicate.
     */
    public Batch createBatch(String inputFileId, String completionWindow, Map<String, String> metadata) {
        JsonObjectBuilder request = JSON.createObjectBuilder()
                .add("input_file_id", Objects.requireNonNull(inputFileId, "inputFileId"))
                .add("endpoint", CHAT_COMPLETIONS_ENDPOINT)
                .add("completion_window", Objects.requireNonNull(completionWindow, "completionWindow"));
        if (!metadata.isEmpty()) {
            JsonObjectBuilder tags = JSON.createObjectBuilder();
            metadata.forEach(tags::add);
            request.add("metadata", tags);
        }
        JsonObject body = request.build();
        return policy.callAtMostOnce(ProviderCallPolicy.Turn.SUBMISSION, "create batch for " + inputFileId,
                () -> Batch.fromJson(api.createBatch(body)));
    }

    public Batch retrieveBatch(String batchId) {
        return policy.call("retrieve batch " + batchId, () -> Batch.fromJson(api.retrieveBatch(batchId)));
    }

    /** Retrieves many batches with one call per {@value #MAX_IDS_PER_RETRIEVE} ids (Groq's multi-get). */
    public List<Batch> retrieveBatches(Collection<String> batchIds) {
        List<String> ids = List.copyOf(batchIds);
        List<Batch> batches = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += MAX_IDS_PER_RETRIEVE) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + MAX_IDS_PER_RETRIEVE));
            batches.addAll(policy.call("retrieve " + chunk.size() + " batches",
                    () -> data(api.retrieveBatches(chunk), Batch::fromJson)));
        }
        return batches;
    }

    /** All batches of the account, following {@code paging.next_cursor} to the last page. */
    public List<Batch> listBatches() {
        List<Batch> batches = new ArrayList<>();
        Set<String> seenCursors = new HashSet<>();
        String cursor = null;
        do {
            String page = cursor;
            JsonObject json = policy.call("list batches", () -> api.listBatches(page));
            batches.addAll(data(json, Batch::fromJson));
            cursor = nextCursor(json);
        } while (cursor != null && seenCursors.add(cursor));
        return batches;
    }

    public Batch cancel(String batchId) {
        return policy.call("cancel batch " + batchId, () -> Batch.fromJson(api.cancelBatch(batchId)));
    }

    public List<Model> listModels() {
        return policy.call("list models", () -> data(api.listModels(), Model::fromJson));
    }

    /**
     * What the provider already holds for this run and user: the batch whose metadata carries both ids (the newest if
     * several, with a warning) and the input file named {@link #uploadFilename}. Empty when there is neither.
     */
    public Optional<Submission> findSubmission(String runId, String userId) {
        return findSubmission(runId, METADATA_USER_ID, userId, null, uploadFilename(runId, userId));
    }

    /** The same for retry attempt {@code attempt}: metadata {@code retry} and {@link #retryUploadFilename}. */
    public Optional<Submission> findRetrySubmission(String runId, String userId, int attempt) {
        return findSubmission(runId, METADATA_USER_ID, userId, String.valueOf(attempt),
                retryUploadFilename(runId, userId, attempt));
    }

    /** The same for a pack of users: metadata {@code pack} and {@link #packUploadFilename}. */
    public Optional<Submission> findPackSubmission(String runId, String pack) {
        return findSubmission(runId, METADATA_PACK, pack, null, packUploadFilename(runId, pack));
    }

    private Optional<Submission> findSubmission(String runId, String ownerKey, String owner, String retry,
                                                String filename) {
        List<Batch> batches = listBatches().stream()
                .filter(b -> runId.equals(b.metadata().get(METADATA_RUN_ID)) && owner.equals(b.metadata().get(ownerKey)))
                .filter(b -> Objects.equals(retry, b.metadata().get(METADATA_RETRY)))
                .sorted(Comparator.comparing((Batch b) -> orEpoch(b.createdAt())).reversed())
                .toList();
        if (batches.size() > 1) {
            LOG.warning(() -> "Run " + runId + ", " + ownerKey + " " + owner + " has " + batches.size() + " batches "
                    + batches.stream().map(Batch::id).toList() + "; using the newest, " + batches.get(0).id());
        }
        Optional<FileObject> file = listFiles().stream()
                .filter(f -> filename.equals(f.filename()))
                .max(Comparator.comparing((FileObject f) -> orEpoch(f.createdAt())));
        Batch batch = batches.isEmpty() ? null : batches.get(0);
        if (batch == null && file.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Submission(file.orElse(null), batch));
    }

    /**
     * The rate the client paces its calls at now, in requests per second: the configured {@code requests_per_second}
     * or less while the provider pushes back (see {@link ProviderSettings#ADAPTIVE_PACING}).
     */
    public double requestsPerSecond() {
        return policy.requestsPerSecond();
    }

    @Override
    public void close() {
        if (api instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.fine(() -> "Closing the REST client failed: " + e);
            }
        }
    }

    private static long copy(String fileId, InputStream content, Path target) {
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream out = Channels.newOutputStream(channel);
             InputStream in = content) {
            byte[] buffer = new byte[COPY_BUFFER_BYTES];
            long total = 0;
            while (true) {
                int read = readFromProvider(fileId, in, buffer, total);
                if (read < 0) {
                    break;
                }
                out.write(buffer, 0, read);
                total += read;
            }
            channel.force(true);
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target, e);
        }
    }

    private static int readFromProvider(String fileId, InputStream in, byte[] buffer, long soFar) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new ProviderIoException("download " + fileId + " broke after " + soFar + " bytes: "
                    + ProviderCallPolicy.describe(e), e);
        }
    }

    private static <T> List<T> data(JsonObject list, Function<JsonObject, T> parse) {
        JsonValue data = list.get("data");
        if (!(data instanceof JsonArray array)) {
            throw new ProviderInvalidResponseException("list without a \"data\" array: " + JsonFields.abbreviate(list));
        }
        return array.stream().filter(JsonObject.class::isInstance).map(v -> parse.apply(v.asJsonObject())).toList();
    }

    private static String nextCursor(JsonObject page) {
        if (page.get("paging") instanceof JsonObject paging && paging.get("next_cursor") instanceof JsonString s
                && !s.getString().isBlank()) {
            return s.getString();
        }
        return null;
    }

    private static Instant orEpoch(Instant instant) {
        return instant == null ? Instant.EPOCH : instant;
    }
}
