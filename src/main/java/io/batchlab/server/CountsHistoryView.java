package io.batchlab.server;

import io.batchlab.store.CountsHistory;
import java.util.List;

/** A run's counts over time, oldest first, for the dashboard's chart. */
public record CountsHistoryView(String runId, List<CountsHistory.Point> points) {
}
