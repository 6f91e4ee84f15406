package io.batchlab.control;

import io.batchlab.store.RunId;

/** A run's job cannot do what was asked in its present state; the message says why and what to do. */
public class RunStateException extends IllegalStateException {

    /**
     * Why, for faces that answer differently (the CLI: a complete run is no error). {@code REFUSED}: a batchlab process
     * started to act on the run ended at once; its log says why.
     */
    public enum Reason { RUNNING, COMPLETE, NOT_RUNNING, UNFINISHED, REFUSED }

    private final Reason reason;

    RunStateException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A run that an execution or process works on cannot be continued: {@code what} says who. */
    static RunStateException alreadyRunning(RunId run, String what) {
        return new RunStateException(Reason.RUNNING, "run " + run + " is already running: " + what + "; stop it first");
    }

    /** What is missing is asked again only once the run's work has ended: {@code what} says who works on it. */
    static RunStateException runningNoRetry(RunId run, String what) {
        return new RunStateException(Reason.RUNNING, "run " + run + " is running: " + what
                + "; let it end (or stop it) before asking again what is missing");
    }

    static RunStateException complete(RunId run, String what) {
        return new RunStateException(Reason.COMPLETE, "run " + run + " is already complete: " + what);
    }

    public Reason reason() {
        return reason;
    }
}
