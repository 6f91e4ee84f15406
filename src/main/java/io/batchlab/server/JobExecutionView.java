package io.batchlab.server;

import jakarta.batch.runtime.JobExecution;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.Date;

/** A job execution as the runs API shows it; times are UTC instants, null while not reached. */
@JsonbPropertyOrder({"executionId", "batchStatus", "exitStatus", "startTime", "endTime"})
public record JobExecutionView(long executionId, String batchStatus, String exitStatus, Instant startTime,
        Instant endTime) {

    static JobExecutionView of(JobExecution execution) {
        return new JobExecutionView(execution.getExecutionId(), execution.getBatchStatus().name(),
                execution.getExitStatus(), instant(execution.getStartTime()), instant(execution.getEndTime()));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
