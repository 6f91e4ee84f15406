package io.batchlab.server;

import io.batchlab.store.RunStatus;
import java.util.List;

/** Runs for the runs API, oldest first: each one's status.json. */
public record RunList(List<RunStatus> runs) {
}
