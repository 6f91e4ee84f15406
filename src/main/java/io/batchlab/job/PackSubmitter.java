package io.batchlab.job;

import io.batchlab.config.PackConfig;
import io.batchlab.provider.BatchClient;
import io.batchlab.provider.ProviderException;
import io.batchlab.store.AtomicFiles;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Submits one chunk of a packed run: normally one pack ({@link PackCheckpointAlgorithm} ends the chunk when the pack is
 * full), more when the users went past the provider's line or byte limit, or when a replayed chunk meets a pack an
 * earlier attempt made. For a new pack, in this order: every member's batch.jsonl, the pack's members file and input
 * file ({@link Pack}), the upload, the batch, then every member's upload.json. Exactly once: a user with upload.json is
 * done; a user without one whose position lies in an existing pack ({@link PackIndex}) is completed with that pack —
 * found at the provider by its upload name and batch metadata before anything is uploaded again — and never joins
 * another; the rest form new packs.
 */
final class PackSubmitter {

    private static final Logger LOG = Logger.getLogger(PackSubmitter.class.getName());

    private final RunContext run;
    private final boolean prepareOnly;
    private final String maxCost;
    private final PackIndex index;

    PackSubmitter(RunContext run, boolean prepareOnly, String maxCost) {
        this.run = run;
        this.prepareOnly = prepareOnly;
        this.maxCost = maxCost;
        this.index = new PackIndex(run.store(), run.runId());
    }

    void write(List<UserBatch> chunk) throws IOException {
        ExperimentStore store = run.store();
        RunId runId = run.runId();
        RunCounts counts = run.counts();
        // one forced write per chunk: a crash before the moves below makes the next recount look at these users' files
        counts.intend(chunk.stream().map(batch -> new ListedUser(batch.position(), batch.user())).toList());
        List<UserBatch> open = chunk.stream()
                .filter(batch -> !Files.exists(store.uploadFile(batch.user(), runId))).toList();
        int next = 0;
        while (next < open.size()) {
            Optional<String> earlier = earlierPack(open.get(next));
            if (earlier.isPresent()) {
                Pack pack = Pack.read(store, runId, earlier.get());
                if (!prepareOnly) {
                    submit(pack, true);
                }
                Set<Long> members = new HashSet<>();
                pack.members().forEach(member -> members.add(member.position()));
                while (next < open.size() && members.contains(open.get(next).position())) {
                    next++;
                }
                continue;
            }
            List<UserBatch> members = new ArrayList<>();
            boolean capReached = false;
            long lines = 0;
            long bytes = 0;
            PackConfig config = run.config().provider().pack();
            for (; next < open.size(); next++) {
                UserBatch user = open.get(next);
                if (!members.isEmpty() && (config.full(members.size(), lines)
                        || !BatchFileLimits.PROVIDER.packHasRoom(lines, bytes, user)
                        || earlierPack(user).isPresent())) {
                    break;
                }
                if (!prepareOnly && !BatchFileWriter.fitsCostCap(run, maxCost, user)) {
                    capReached = true;
                    break;
                }
                members.add(user);
                lines += user.jsonLines().size();
                bytes += user.packBytes();
            }
            if (!members.isEmpty()) {
                Pack pack = prepare(members);
                if (!prepareOnly) {
                    submit(pack, false);
                }
            }
            if (capReached) {
                // the users packed so far are submitted; the chunk fails here and a restart goes on from its start
                throw new CostCapReachedException(run.costCapReached());
            }
        }
    }

    /** The pack an earlier attempt put this user in; only a user with batch.jsonl can have one. */
    private Optional<String> earlierPack(UserBatch user) throws IOException {
        if (!Files.exists(run.store().batchFile(user.user(), run.runId()))) {
            return Optional.empty();
        }
        return index.packOf(user.position());
    }

    /** Writes the members' batch.jsonl, then the pack's members and input files (the intent). */
    private Pack prepare(List<UserBatch> members) throws IOException {
        ExperimentStore store = run.store();
        RunId runId = run.runId();
        RunCounts counts = run.counts();
        for (UserBatch member : members) {
            store.userRunDir(member.user(), runId);
            AtomicFiles.write(store.batchFile(member.user(), runId),
                    out -> BatchFileWriter.writeLines(member.jsonLines(), out));
            counts.advance(member.position(), RunCounts.UserState.PREPARED);
        }
        Pack pack = Pack.of(members);
        pack.writeManifest(store, runId);
        AtomicFiles.write(Pack.input(store, runId, pack.name()), out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            for (UserBatch member : members) {
                for (String line : member.jsonLines()) {
                    writer.write(PackLines.inPack(member.user(), line));
                    writer.write('\n');
                }
            }
            writer.flush();
        });
        return pack;
    }

    /** Uploads the pack and creates its batch once, then writes each member's upload.json. */
    private void submit(Pack pack, boolean earlier) throws IOException {
        ExperimentStore store = run.store();
        RunId runId = run.runId();
        List<Pack.Member> waiting = pack.members().stream()
                .filter(member -> !Files.exists(store.uploadFile(member.user(), runId))).toList();
        if (waiting.isEmpty()) {
            return;
        }
        String runText = runId.toString();
        BatchFileWriter.Submitted submitted;
        try {
            submitted = BatchFileWriter.submitOnce(run, "pack " + pack.name(), Pack.input(store, runId, pack.name()),
                    BatchClient.packUploadFilename(runText, pack.name()),
                    Map.of(BatchClient.METADATA_RUN_ID, runText, BatchClient.METADATA_PACK, pack.name()),
                    earlier ? () -> run.client().findPackSubmission(runText, pack.name()) : null);
        } catch (ProviderException e) {
            throw BatchFileWriter.failed(run, "pack " + pack.name() + " (users " + pack.members().get(0).user()
                    + " to " + pack.members().get(pack.members().size() - 1).user() + ")", e);
        }
        RunCounts counts = run.counts();
        // members outside this chunk (a replayed chunk that ended earlier) need their intent too
        counts.intend(waiting.stream().map(Pack.Member::listed).toList());
        for (Pack.Member member : waiting) {
            AtomicFiles.writeString(store.uploadFile(member.user(), runId),
                    BatchFileWriter.uploadJson(submitted, member.recordKeys(), pack.placement(member)));
            counts.advance(member.position(), RunCounts.UserState.SUBMITTED);
            run.submissions().created(submitted.batch().id(), member.listed());
        }
        LOG.fine(() -> "run " + runId + ": " + pack.name() + " of " + pack.members().size() + " users submitted as "
                + submitted.batch().id());
    }
}
