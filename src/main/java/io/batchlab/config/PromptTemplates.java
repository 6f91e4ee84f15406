package io.batchlab.config;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The one Mustache dialect of prompt templates, shared by config validation and request building.
 * Prompts are not HTML, so nothing is escaped. A variable or section that is not defined is an error (never empty
 * text); a value that is present but JSON {@code null} renders as empty text. A list used as a variable renders as
 * its items joined by {@code ", "}, so {@code {{allowed_answers}}} reads {@code yes, no}; JSON numbers render as
 * written, without exponent ({@code 1e3} as {@code 1000}).
 */
public final class PromptTemplates {

    private static final Mustache.Compiler COMPILER = Mustache.compiler()
            .escapeHTML(false)
            .strictSections(true)
            .nullValue("")
            .withFormatter(PromptTemplates::format);

    private PromptTemplates() {
    }

    /**
     * Compiles a template; throws {@link MustacheException} when it does not parse or includes another template
     * (prompt templates are self-contained: there is nothing to load a partial from).
     */
    public static Template compile(String template) {
        Template compiled = COMPILER.compile(template);
        compiled.visit(new Mustache.Visitor() {
            @Override
            public void visitText(String text) {
                // plain text needs no check
            }

            @Override
            public void visitVariable(String name) {
                // variables are checked when rendering: record fields are unknown at load time
            }

            @Override
            public boolean visitInclude(String name) {
                throw new MustacheException("{{> " + name + "}} includes another template;"
                        + " partials are not supported, write the text into this template");
            }

            @Override
            public boolean visitParent(String name) {
                return visitInclude(name);
            }

            @Override
            public boolean visitSection(String name) {
                return true;
            }

            @Override
            public boolean visitInvertedSection(String name) {
                return true;
            }
        });
        return compiled;
    }

    private static CharSequence format(Object value) {
        if (value instanceof Collection<?> items) {
            return items.stream().map(PromptTemplates::format).collect(Collectors.joining(", "));
        }
        if (value instanceof BigDecimal number) {
            return number.toPlainString();
        }
        return String.valueOf(value);
    }
}
