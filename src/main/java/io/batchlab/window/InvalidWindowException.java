package io.batchlab.window;

/** A batch window expression that cannot be used; the message names the expression and what is allowed. */
public final class InvalidWindowException extends IllegalArgumentException {

    private final String expression;

    InvalidWindowException(String expression, String reason) {
        super("window '" + expression + "' is invalid: " + reason + "; allowed: " + BatchWindow.GRAMMAR);
        this.expression = expression;
    }

    /** The same problem, prefixed with where the expression came from (e.g. a configuration key). */
    public InvalidWindowException(String source, InvalidWindowException problem) {
        super(source + ": " + problem.getMessage(), problem);
        this.expression = problem.expression;
    }

    public String expression() {
        return expression;
    }
}
