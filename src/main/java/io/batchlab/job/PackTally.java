package io.batchlab.job;

import jakarta.batch.runtime.context.StepContext;

/**
 * What the chunk being read holds so far, shared by one partition's reader, processor and
 * {@link PackCheckpointAlgorithm} through the partition's own step context (each partition has one, so partitions
 * never see each other's tally).
 */
final class PackTally {

    private int read;
    private int users;
    private long requests;
    private long bytes;

    static PackTally of(StepContext step) {
        synchronized (step) {
            if (step.getTransientUserData() instanceof PackTally tally) {
                return tally;
            }
            PackTally tally = new PackTally();
            step.setTransientUserData(tally);
            return tally;
        }
    }

    /** A user was read (also one the processor will skip). */
    void userRead() {
        read++;
    }

    /** A user's batch goes into the chunk. */
    void add(UserBatch batch) {
        users++;
        requests += batch.jsonLines().size();
        bytes += batch.packBytes();
    }

    void reset() {
        read = 0;
        users = 0;
        requests = 0;
        bytes = 0;
    }

    int usersRead() {
        return read;
    }

    int users() {
        return users;
    }

    long requests() {
        return requests;
    }

    long bytes() {
        return bytes;
    }
}
