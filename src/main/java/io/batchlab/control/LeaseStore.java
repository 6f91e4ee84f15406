package io.batchlab.control;

import io.batchlab.store.RunId;
import java.io.IOException;
import java.util.List;

/**
 * Where the leases of runs are kept across processes: OS file locks beside the tree ({@link FileLeaseStore}, one
 * machine) or rows in the job repository's PostgreSQL database ({@link DatabaseLeaseStore}, several nodes).
 * {@link RunLease} keeps the rules of who in one process may share a lease; a store only says which process has it.
 */
interface LeaseStore {

    /** The key under which this process shares one lease of the run among its holders. */
    String key(RunId run);

    /**
     * Takes the run for this process, also from a holder that died (its lock is gone or its lease expired).
     *
     * @param holder who takes it, as {@link #holder} shows it to others
     * @return null when another live process holds it
     */
    Claim tryClaim(RunId run, String holder) throws IOException;

    /** Whether another process, or this one, holds the run now. */
    boolean isHeld(RunId run) throws IOException;

    /** Who holds the run, as its holder described itself. */
    String holder(RunId run);

    /** Runs whose holder stopped renewing its lease: a process that died without letting go. */
    List<RunId> expired() throws IOException;

    /** This process's hold on a run. */
    interface Claim {

        /** Replaces what others see as the holder. */
        void describe(String holder) throws IOException;

        /**
         * Renews the hold now and says whether it is still this process's: false once another process took the run
         * over (only a database lease can be lost, when its owner stalled past its lifetime).
         */
        boolean confirm() throws IOException;

        /** Whether this process has found the hold taken over; no I/O. */
        boolean lost();

        void release() throws IOException;
    }
}
