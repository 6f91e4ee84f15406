package io.batchlab.input;

import io.batchlab.store.UserId;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * A reproducible uniform sample of the users of another input: reservoir sampling over its sorted user stream with
 * {@code new Random(seed)}, so the same input and seed always give the same sample, holding only the sample in memory.
 * Records are served for any user, sampled or not.
 */
final class SampledUserRecords implements UserRecords {

    private final UserRecords all;
    private final int size;
    private final long seed;

    SampledUserRecords(UserRecords all, int size, long seed) {
        if (size < 0) {
            throw new IllegalArgumentException("sample size must not be negative, was " + size);
        }
        this.all = all;
        this.size = size;
        this.seed = seed;
    }

    /** The sample, sorted by id; all users if there are no more than the sample size. */
    @Override
    public Iterator<UserId> users() {
        Random random = new Random(seed);
        List<UserId> sample = new ArrayList<>(Math.min(size, 1 << 16));
        Iterator<UserId> users = all.users();
        for (long seen = 0; users.hasNext(); seen++) {
            UserId user = users.next();
            if (seen < size) {
                sample.add(user);
            } else {
                long slot = random.nextLong(seen + 1);
                if (slot < size) {
                    sample.set((int) slot, user);
                }
            }
        }
        Collections.sort(sample);
        return Collections.unmodifiableList(sample).iterator();
    }

    @Override
    public List<JsonObject> recordsOf(UserId user, RecordLimit limit) throws IOException, RecordLimitException {
        return all.recordsOf(user, limit);
    }

    /** The sample is sorted, so the whole input's in-order cursor serves it, skipping the users in between. */
    @Override
    public Cursor recordsInOrder() throws IOException {
        return all.recordsInOrder();
    }

    @Override
    public void close() throws IOException {
        all.close();
    }
}
