package io.batchlab.job;

import io.batchlab.store.UserId;

/** A user of a run with its 0-based position in the run's users.json, the index {@link RunCounts} counts by. */
record ListedUser(long position, UserId id) {
}
