package io.batchlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.annotation.Resource;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs inside WildFly: jobs started through the standard JobOperator land in the server's JDBC job repository. */
@ExtendWith(ArquillianExtension.class)
class JobRepositoryIT {

    private static final Set<BatchStatus> FINISHED =
            Set.of(BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.STOPPED, BatchStatus.ABANDONED);

    @Resource(lookup = "java:jboss/datasources/BatchDS")
    DataSource batchRepository;

    @Deployment
    static WebArchive deployment() {
        return SmokeJobDeployment.createForInContainerTests();
    }

    @Test
    void startedJobCompletesAndItsExecutionIsStoredInTheJdbcRepository() throws Exception {
        // given
        JobOperator jobOperator = BatchRuntime.getJobOperator();
        Properties parameters = new Properties();
        parameters.setProperty("greeting", "repository");

        // when
        long executionId = jobOperator.start(SmokeJobDeployment.JOB, parameters);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> FINISHED.contains(jobOperator.getJobExecution(executionId).getBatchStatus()));

        // then
        JobExecution execution = jobOperator.getJobExecution(executionId);
        assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(execution.getExitStatus()).isEqualTo(SmokeBatchlet.exitStatusFor("repository"));
        assertThat(storedExecution(executionId)).containsExactly("COMPLETED", "GREETED repository");
        assertThat(Path.of(System.getProperty("jboss.server.data.dir"), "batch-repo.mv.db")).isRegularFile();
    }

    /** Batch status and exit status as JBeret's JDBC repository stored them in BatchDS. */
    private String[] storedExecution(long executionId) throws Exception {
        try (Connection connection = batchRepository.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT BATCHSTATUS, EXITSTATUS FROM JOB_EXECUTION WHERE JOBEXECUTIONID = ?")) {
            query.setLong(1, executionId);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("row for execution %d in JOB_EXECUTION", executionId).isTrue();
                return new String[] {row.getString(1), row.getString(2)};
            }
        }
    }
}
