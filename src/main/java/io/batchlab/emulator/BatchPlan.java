package io.batchlab.emulator;

/**
 * When a batch changes state, fixed at creation so its lifecycle is a pure function of the clock (and a later cancel).
 *
 * @param createdMs       creation time
 * @param validatingEndMs end of {@code validating}: start of {@code in_progress}, or the failure time
 * @param inProgressEndMs end of {@code in_progress}
 * @param finalizingEndMs completion time
 * @param windowEndMs     end of the completion window ({@code expires_at})
 * @param expiryMs        when the batch expires (window end or an injected expiry), or null when it completes in time
 * @param failure         why the batch fails after validation, or null
 * @param cancellingMs    how long {@code cancelling} lasts
 * @param malformedOutputRate share of output lines written as broken JSON
 * @param seed            seed of the output order and of the malformed lines
 */
record BatchPlan(long createdMs, long validatingEndMs, long inProgressEndMs, long finalizingEndMs, long windowEndMs,
        Long expiryMs, LineError failure, long cancellingMs, double malformedOutputRate, long seed) {

    /** Share of the valid requests answered at {@code timeMs}: grows linearly during {@code in_progress}. */
    double progressAt(long timeMs) {
        if (timeMs <= validatingEndMs) {
            return 0;
        }
        long inProgress = inProgressEndMs - validatingEndMs;
        return inProgress <= 0 ? 1 : Math.min(1, (double) (timeMs - validatingEndMs) / inProgress);
    }
}
