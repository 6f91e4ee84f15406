package io.batchlab.control;

import java.util.OptionalLong;

/**
 * What {@link RunJobs#retry} did: the plan it found and the retry job's execution, none when nothing was missing.
 */
public record RetryStart(RetryPlan plan, OptionalLong execution) {
}
