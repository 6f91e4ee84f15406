package io.batchlab.store;

/** A user id that cannot be used as a directory name; the message names the id and where it came from. */
public class InvalidUserIdException extends IllegalArgumentException {

    public InvalidUserIdException(String rawId, String source) {
        super("invalid user id " + describe(rawId) + (source == null ? "" : " in " + source)
                + ": use 1-64 characters of A-Z, a-z, 0-9, '_' or '-'");
    }

    private static String describe(String rawId) {
        if (rawId == null) {
            return "(missing)";
        }
        if (rawId.isEmpty()) {
            return "'' (empty)";
        }
        if (Deployment.onServer()) {
            // On a server the id may be a line of any file an operator pointed at: never echo it.
            return Deployment.quote(rawId);
        }
        StringBuilder shown = new StringBuilder("'");
        rawId.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c)) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.append(rawId.length() > 80 ? "…'" : "'").toString();
    }
}
