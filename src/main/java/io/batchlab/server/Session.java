package io.batchlab.server;

/** Who the dashboard's caller is and whether they may act on runs (stop, restart, retry). */
public record Session(String user, boolean operator) {
}
