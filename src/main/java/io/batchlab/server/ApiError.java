package io.batchlab.server;

import io.batchlab.config.ConfigProblem;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * The body of every error of the runs API.
 *
 * @param message  what went wrong and what to do
 * @param problems every problem of a config.yaml (empty for other errors)
 */
@JsonbPropertyOrder({"message", "problems"})
public record ApiError(String message, List<Problem> problems) {

    /** One {@link ConfigProblem}: line and column are 0 when it concerns the whole file. */
    @JsonbPropertyOrder({"file", "line", "column", "key", "message"})
    public record Problem(String file, int line, int column, String key, String message) {

        static Problem of(ConfigProblem problem) {
            return new Problem(problem.file().toString(), problem.line(), problem.column(), problem.key(),
                    problem.message());
        }
    }

    public ApiError {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}
