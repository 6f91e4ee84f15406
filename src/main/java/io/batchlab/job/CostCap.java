package io.batchlab.job;

import io.batchlab.config.CostAmount;
import io.batchlab.cost.CostEstimate;
import io.batchlab.cost.Price;
import io.batchlab.cost.Prices;
import io.batchlab.store.AtomicFiles;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@code provider.max_cost}: the writer asks it before each upload, and it says yes only while the upper end of the
 * estimate of everything submitted, this user included, stays within the cap. Each yes is appended to
 * {@code .batchlab/costs/RUN_ID.submitted} ({@code position TAB usd}) and forced to disk before the upload, so after a
 * crash the sum never misses a submitted user (a yes whose upload never happened counts until that user is submitted
 * on a restart: too high, never too low). Without the file, e.g. on the first capped execution of a run that ran
 * uncapped before, it is rebuilt from the batch.jsonl of every user with an upload.json. An uncapped execution deletes
 * the file, as it submits without recording.
 */
final class CostCap {

    private static final Logger LOG = Logger.getLogger(CostCap.class.getName());

    private final RunId runId;
    private final BigDecimal cap;
    private final Price price;
    private final Path file;
    private final Set<Long> reserved = new HashSet<>();
    private BigDecimal submitted = BigDecimal.ZERO;
    private volatile String reachedBecause;

    private CostCap(RunId runId, BigDecimal cap, Price price, Path file) {
        this.runId = runId;
        this.cap = cap;
        this.price = price;
        this.file = file;
    }

    static Path file(ExperimentStore store, RunId run) {
        return store.workDir().resolve("costs").resolve(run + ".submitted");
    }

    /**
     * The cap of this execution: {@code override} (job parameter {@code maxCost}) if given, else the config's
     * provider.max_cost; empty when there is none.
     *
     * @throws RunDoomedException when there is a cap but no price to hold it to
     */
    static Optional<CostCap> open(RunContext run, String override) throws IOException {
        Path file = file(run.store(), run.runId());
        Optional<BigDecimal> cap = override == null || override.isBlank()
                ? run.config().provider().maxCost() : Optional.of(CostAmount.parse(override));
        if (cap.isEmpty()) {
            Files.deleteIfExists(file);
            return Optional.empty();
        }
        Price price = Prices.of(run.config().model()).orElseThrow(() -> new RunDoomedException(
                "provider.max_cost " + Price.text(cap.get()) + " USD cannot be held: "
                        + Prices.unknown(run.config().model().id()), null));
        CostCap opened = new CostCap(run.runId(), cap.get(), price, file);
        if (Files.exists(file)) {
            opened.replay();
        } else {
            opened.rebuild(run);
        }
        LOG.info(() -> "run " + run.runId() + ": cost cap " + Price.text(opened.cap) + " USD, "
                + Price.text(opened.submitted) + " USD estimated as submitted so far");
        return Optional.of(opened);
    }

    /** The most one user's requests can cost, by the same estimate as {@code batchlab run --estimate}. */
    BigDecimal upperBound(UserId user, List<String> jsonLines) {
        OptionalInt modelLimit = price.maxCompletionTokens();
        return CostEstimate.ofLines(jsonLines, modelLimit).high(price).orElseThrow(() -> new RunDoomedException(
                "provider.max_cost needs an upper bound for every request, but user " + user + "'s requests set no "
                        + "max_completion_tokens and the price table knows no limit for model " + price.modelId()
                        + ": set model.parameters.max_completion_tokens in config.yaml", null));
    }

    /**
     * Reserves the user's upper bound if it fits under the cap (once per user: asking again for a user already
     * reserved says yes).
     *
     * @return whether the user may be submitted
     */
    synchronized boolean reserve(long position, UserId user, BigDecimal upperBound) throws IOException {
        if (reserved.contains(position)) {
            return true;
        }
        BigDecimal after = submitted.add(upperBound);
        if (after.compareTo(cap) > 0) {
            reachedBecause = "cost cap " + Price.text(cap) + " USD reached: " + Price.text(submitted) + " USD estimated"
                    + " as submitted, user " + user + " would add up to " + Price.text(upperBound)
                    + " USD; to go on, restart it with a higher cap: batchlab restart " + runId + " --max-cost USD";
            return false;
        }
        append(position, upperBound);
        reserved.add(position);
        submitted = after;
        return true;
    }

    /** Why submitting stopped in this execution; null while it has not. */
    String reachedBecause() {
        return reachedBecause;
    }

    BigDecimal cap() {
        return cap;
    }

    synchronized BigDecimal submitted() {
        return submitted;
    }

    private void append(long position, BigDecimal amount) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            out.write(StandardCharsets.US_ASCII.encode(position + "\t" + amount.toPlainString() + "\n"));
            out.force(false);
        }
    }

    /** Reads the file; a torn last line (a kill during an append) is ignored: its upload had not started. */
    private void replay() throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int tab = line.indexOf('\t');
                try {
                    long position = Long.parseLong(line.substring(0, tab));
                    BigDecimal amount = new BigDecimal(line.substring(tab + 1));
                    if (reserved.add(position)) {
                        submitted = submitted.add(amount);
                    }
                } catch (RuntimeException torn) {
                    LOG.warning(() -> "ignoring a cut-off line of " + file);
                }
            }
        }
    }

    /** Written whole (temp file, then rename), so a crash during the rebuild leaves no file and it runs again. */
    private void rebuild(RunContext run) throws IOException {
        ExperimentStore store = run.store();
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, out -> {
            try (UsersFile.Cursor users = UsersFile.open(store.usersFile(run.runId()))) {
                while (users.hasNext()) {
                    long position = users.position();
                    UserId user = users.next();
                    if (Files.exists(store.uploadFile(user, run.runId()))) {
                        try (var lines = Files.lines(store.batchFile(user, run.runId()), StandardCharsets.UTF_8)) {
                            BigDecimal amount = upperBound(user, lines.filter(line -> !line.isBlank()).toList());
                            out.write((position + "\t" + amount.toPlainString() + "\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                            reserved.add(position);
                            submitted = submitted.add(amount);
                        }
                    }
                }
            }
        });
    }
}
