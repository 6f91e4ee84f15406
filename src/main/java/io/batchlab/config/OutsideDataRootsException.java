package io.batchlab.config;

/** A path an operator gave leads outside the server's data roots; nothing of it was read. */
public class OutsideDataRootsException extends IllegalArgumentException {

    public OutsideDataRootsException(String message) {
        super(message);
    }
}
