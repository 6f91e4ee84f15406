package io.batchlab.config;

import java.util.List;

/**
 * The prompt templates (Mustache) and, for closed-target experiments, the closed set of answers.
 *
 * @param system         the system message template, or {@code null} for none
 * @param user           the user message template
 * @param allowedAnswers the allowed answers, empty when answers are free text
 */
public record PromptConfig(String system, String user, List<String> allowedAnswers) {

    public PromptConfig {
        allowedAnswers = List.copyOf(allowedAnswers);
    }
}
