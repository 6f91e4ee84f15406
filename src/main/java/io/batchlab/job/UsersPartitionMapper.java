package io.batchlab.job;

import io.batchlab.store.UsersFile;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Properties;

/**
 * Splits the run's users.json into contiguous ranges, one per partition. The plan depends only on the users count
 * and the partition count, so a restart maps the same ranges and each partition resumes from its own checkpoint.
 */
@Named
@Dependent
public class UsersPartitionMapper implements PartitionMapper {

    @Inject
    JobContext jobContext;

    /** Number of partitions; empty = the config's provider.max_concurrency. */
    @Inject
    @BatchProperty
    String partitions;

    @Override
    public PartitionPlan mapPartitions() throws Exception {
        RunContext run = RunContexts.of(jobContext);
        long users = UsersFile.count(run.store().usersFile(run.runId()));
        int wanted = partitions == null || partitions.isBlank()
                ? run.config().provider().maxConcurrency()
                : Integer.parseInt(partitions.trim());
        int count = (int) Math.max(1, Math.min(wanted, users));
        Properties[] ranges = new Properties[count];
        for (int i = 0; i < count; i++) {
            ranges[i] = new Properties();
            ranges[i].setProperty("start", Long.toString(users * i / count));
            ranges[i].setProperty("end", Long.toString(users * (i + 1) / count));
        }
        PartitionPlanImpl plan = new PartitionPlanImpl();
        plan.setPartitions(count);
        plan.setThreads(count);
        plan.setPartitionProperties(ranges);
        return plan;
    }
}
