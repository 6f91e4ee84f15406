package io.batchlab.control;

/** A run's job cannot do what was asked in its present state; the message says why and what to do. */
public class RunStateException extends IllegalStateException {

    /** Why, for faces that answer differently (the CLI: a complete run is no error). */
    public enum Reason { RUNNING, COMPLETE, NOT_RUNNING, UNFINISHED }

    private final Reason reason;

    RunStateException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
