package io.batchlab.server;

import io.batchlab.store.RunStatus;
import java.util.List;
import java.util.Map;

/**
 * Runs for the runs API, oldest first: each one's status.json, and the window of each run that has one (run id to
 * its expression, e.g. {@code "0 22 * * MON-FRI for 8h"}).
 */
public record RunList(List<RunStatus> runs, Map<String, String> windows) {
}
