package io.batchlab.results;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A closed target's {@code allowed_answers} and the one normalisation the export applies before matching: surrounding
 * whitespace, quotes, backticks and Markdown emphasis, and a trailing full stop or exclamation mark are dropped, and
 * case is ignored. {@code " **Favor**."} is the label {@code favor}; {@code "I'd say favor"} is off the list.
 */
record AllowedAnswers(List<String> answers, Map<String, String> byKey) {

    static final AllowedAnswers NONE = of(List.of());

    static AllowedAnswers of(List<String> answers) {
        Map<String, String> byKey = new LinkedHashMap<>();
        answers.forEach(answer -> byKey.putIfAbsent(key(answer), answer));
        return new AllowedAnswers(List.copyOf(answers), byKey);
    }

    boolean closed() {
        return !answers.isEmpty();
    }

    /** The allowed answer this answer stands for, as written in config.yaml. */
    Optional<String> label(String answer) {
        return answer == null ? Optional.empty() : Optional.ofNullable(byKey.get(key(answer)));
    }

    static String key(String answer) {
        String text = answer.strip();
        boolean changed = true;
        while (changed && !text.isEmpty()) {
            changed = false;
            char last = text.charAt(text.length() - 1);
            if (last == '.' || last == '!') {
                text = text.substring(0, text.length() - 1).strip();
                changed = true;
            }
            if (text.length() >= 2 && wraps(text.charAt(0), text.charAt(text.length() - 1))) {
                text = text.substring(1, text.length() - 1).strip();
                changed = true;
            }
        }
        return text.toLowerCase(Locale.ROOT);
    }

    private static boolean wraps(char first, char last) {
        return first == last && "\"'`*_".indexOf(first) >= 0;
    }
}
