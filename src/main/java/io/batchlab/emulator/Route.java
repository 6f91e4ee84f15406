package io.batchlab.emulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One endpoint: a method and a path template such as {@code /batches/{id}/cancel}; "METHOD template" is also the
 * endpoint's name in the counts.
 */
record Route(String method, String template, Pattern pattern, Handler handler) {

    @FunctionalInterface
    interface Handler {
        void handle(ApiCall call) throws IOException;
    }

    static Route of(String method, String template, Handler handler) {
        return new Route(method, template, Pattern.compile(template.replaceAll("\\{[a-z_]+}", "([^/]+)")), handler);
    }

    String endpoint() {
        return method + " " + template;
    }

    /** The path parameters when method and path match, in template order. */
    Optional<List<String>> match(String requestMethod, String path) {
        Matcher matcher = pattern.matcher(path);
        if (!method.equals(requestMethod) || !matcher.matches()) {
            return Optional.empty();
        }
        List<String> params = new ArrayList<>();
        for (int i = 1; i <= matcher.groupCount(); i++) {
            params.add(matcher.group(i));
        }
        return Optional.of(params);
    }
}
