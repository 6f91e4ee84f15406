package io.batchlab.server;

/** A batch window expression that cannot be used; the message names the expression and what is allowed. */
public final class InvalidWindowException extends IllegalArgumentException {

    private final String expression;

    InvalidWindowException(String expression, String reason) {
        super("window '" + expression + "' is invalid: " + reason + "; allowed: " + BatchWindow.GRAMMAR);
        this.expression = expression;
    }

    public String expression() {
        return expression;
    }
}
