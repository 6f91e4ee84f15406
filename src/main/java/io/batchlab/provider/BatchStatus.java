package io.batchlab.provider;

import java.util.Locale;

/** A batch's lifecycle state. {@link #UNKNOWN} stands for a status this client does not know yet (never terminal). */
public enum BatchStatus {
    VALIDATING, IN_PROGRESS, FINALIZING, COMPLETED, FAILED, EXPIRED, CANCELLING, CANCELLED, UNKNOWN;

    /** Whether the batch will not change any more. {@code EXPIRED} is terminal but may hold paid, downloadable results. */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
    }

    /** The wire name, e.g. {@code in_progress}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static BatchStatus fromWire(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        for (BatchStatus status : values()) {
            if (status != UNKNOWN && status.wireName().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return status;
            }
        }
        return UNKNOWN;
    }
}
