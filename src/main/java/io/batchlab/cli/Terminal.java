package io.batchlab.cli;

/** Whether a person is watching: standard input and output are a terminal, not a file or a pipe. */
final class Terminal {

    private Terminal() {
    }

    /** On Java 17 to 21 {@link System#console()} is there only when both standard input and output are a terminal. */
    static boolean isInteractive() {
        return System.console() != null;
    }
}
