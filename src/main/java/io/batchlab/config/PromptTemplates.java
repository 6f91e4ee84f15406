package io.batchlab.config;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The one Mustache dialect of prompt templates, shared by config validation and request building.
 * Prompts are not HTML, so nothing is escaped. A variable or section that is not defined is an error (never empty
 * text); a value that is present but JSON {@code null} renders as empty text. A list used as a variable renders as
 * its items joined by {@code ", "}, so {@code {{allowed_answers}}} reads {@code yes, no}.
 */
public final class PromptTemplates {

    private static final Mustache.Compiler COMPILER = Mustache.compiler()
            .escapeHTML(false)
            .strictSections(true)
            .nullValue("")
            .withFormatter(PromptTemplates::format);

    private PromptTemplates() {
    }

    /** Compiles a template; throws {@link com.samskivert.mustache.MustacheException} when it does not parse. */
    public static Template compile(String template) {
        return COMPILER.compile(template);
    }

    private static CharSequence format(Object value) {
        if (value instanceof Collection<?> items) {
            return items.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        return String.valueOf(value);
    }
}
