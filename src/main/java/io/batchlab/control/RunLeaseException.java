package io.batchlab.control;

/** A run is already being worked on; the message names the holder and what to do. */
public class RunLeaseException extends IllegalStateException {

    public RunLeaseException(String message) {
        super(message);
    }
}
