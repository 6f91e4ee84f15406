package io.batchlab.job;

import io.batchlab.config.CostAmount;
import io.batchlab.control.JobProperties;
import io.batchlab.store.Deployment;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The experiment job's parameters as batch-jobs/README.md documents them, checked before the job does anything:
 * whichever face started it (console, jboss-cli, JMX, REST, CLI), an unknown name or a malformed number fails the
 * execution at once. {@code experimentsRoot} only the Java SE launcher may set: on a server the experiments root is
 * the administrator's {@code batchlab.experiments}.
 */
final class JobParameterRules {

    private static final Set<String> NUMBERS = Set.of("chunkSize", "chunkSeconds", "retryLimit", "partitions");
    private static final Set<String> BOOLEANS = Set.of("submit", JobProperties.WINDOW_SCHEDULED);
    private static final Set<String> AT_LEAST_ONE = Set.of("chunkSize", "chunkSeconds", "partitions");
    private static final Set<String> DOCUMENTED = Set.of(JobProperties.RUN_ID, JobProperties.CONFIG,
            JobProperties.USERS, "chunkSize", "chunkSeconds", "retryLimit", "partitions", "submit", "pollInterval",
            "collectDeadline", JobProperties.WINDOW, JobProperties.WINDOW_SCHEDULED, JobProperties.MAX_COST);
    /** Set by JBeret itself: the job's XML name, and the CLI's forced restart after a crash. */
    private static final Set<String> RUNTIME = Set.of("jberet.jobXmlName", "jberet.restart.mode");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,6}");

    private JobParameterRules() {
    }

    /** @throws IllegalArgumentException naming every parameter that is not allowed and what is */
    static void check(Properties parameters) {
        if (parameters == null) {
            return;
        }
        boolean server = Deployment.onServer();
        List<String> problems = new TreeSet<>(parameters.stringPropertyNames()).stream()
                .map(name -> problem(name, parameters.getProperty(name), server))
                .filter(problem -> problem != null)
                .toList();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the experiment job refuses its parameters: "
                    + String.join("; ", problems) + ". Allowed: " + String.join(", ", new TreeSet<>(DOCUMENTED))
                    + " (batch-jobs/README.md)");
        }
    }

    private static String problem(String name, String value, boolean server) {
        if (JobProperties.EXPERIMENTS_ROOT.equals(name)) {
            return server ? name + " cannot be set on the server (the administrator sets batchlab.experiments)" : null;
        }
        if (RUNTIME.contains(name)) {
            return null;
        }
        if (!DOCUMENTED.contains(name)) {
            return "unknown parameter " + name;
        }
        if (NUMBERS.contains(name) && (!WHOLE_NUMBER.matcher(value.strip()).matches()
                || AT_LEAST_ONE.contains(name) && Integer.parseInt(value.strip()) == 0)) {
            return name + " must be a whole number from " + (AT_LEAST_ONE.contains(name) ? 1 : 0) + " to 999999";
        }
        if (BOOLEANS.contains(name) && !value.strip().matches("true|false")) {
            return name + " must be true or false";
        }
        if (JobProperties.MAX_COST.equals(name)) {
            try {
                CostAmount.parse(value);
            } catch (IllegalArgumentException e) {
                return name + ": " + e.getMessage();
            }
        }
        return null;
    }
}
