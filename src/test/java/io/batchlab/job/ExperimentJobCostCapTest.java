package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchlab.config.ExperimentConfig;
import io.batchlab.config.ExperimentConfigLoader;
import io.batchlab.cost.CostEstimate;
import io.batchlab.cost.Price;
import io.batchlab.cost.Prices;
import io.batchlab.input.UserRecords;
import io.batchlab.request.UserRequestBuilder;
import io.batchlab.results.ResultsUsage;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatus.State;
import io.batchlab.store.UserId;
import jakarta.batch.runtime.BatchStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** provider.max_cost stops submitting part-way, restartably, and status.json shows tokens and cost. */
@ExtendWith(ProviderProperties.class)
class ExperimentJobCostCapTest {

    private static final int USERS = 12;
    private static final int UNDER_THE_CAP = 5;

    /**
     * @param bookkeepingLost the restart finds neither the cap's record of what was submitted nor the collected
     *                        tokens (as after a crash that lost them): both are rebuilt from the users' files
     */
    @ParameterizedTest(name = "bookkeeping lost before the restart: {0}")
    @ValueSource(booleans = {false, true})
    void theCapStopsSubmittingBeforeItIsPassedAndARestartWithAHigherCapSubmitsTheRestOnce(boolean bookkeepingLost,
                                                                                          @TempDir Path dir)
            throws Exception {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: a cap that holds the upper estimates of the first five users and half of the sixth
            fixture.writePosts(USERS);
            Path config = fixture.writeConfig();
            Capped plan = Capped.write(fixture, config);
            List<String> users = plan.users();
            List<BigDecimal> bounds = plan.bounds();
            BigDecimal underTheCap = plan.underTheCap();
            BigDecimal cap = plan.cap();
            Price price = plan.price();
            RunId capped = fixture.createRun(config, null);
            Properties parameters = fixture.parameters(capped);
            parameters.setProperty("partitions", "1");
            parameters.setProperty("chunkSize", "3");

            // when
            long first = JobRuntime.start(parameters);
            JobRuntime.awaitEnd(first);

            // then: only the users under the cap reached the provider, and their answers were collected
            List<String> submitted = users.subList(0, UNDER_THE_CAP);
            assertThat(fixture.emulator.counts().batchesPerRunUser()).isEqualTo(once(capped, submitted));
            ExperimentTree tree = new ExperimentTree(fixture.store);
            for (String user : submitted) {
                assertThat(tree.results(capped, user).getString("status")).isEqualTo("complete");
            }
            assertThat(Files.exists(fixture.store.batchFile(new UserId(users.get(UNDER_THE_CAP)), capped))).isFalse();
            RunStatus stopped = tree.status(capped);
            assertThat(stopped.state()).isEqualTo(State.STOPPED);
            assertThat(stopped.lastError()).contains("cost cap " + Price.text(cap) + " USD reached")
                    .contains("user " + users.get(UNDER_THE_CAP)).contains("--max-cost");
            assertThat(stopped.counts().submitted()).isEqualTo(UNDER_THE_CAP);
            assertThat(stopped.cost().max()).isEqualByComparingTo(cap);
            assertThat(stopped.cost().submittedEstimate()).isEqualByComparingTo(underTheCap);
            assertTokensAndCostAreThoseOfResultsJson(fixture, capped, submitted, stopped, price);

            // when: restarted with a higher cap
            if (bookkeepingLost) {
                Files.delete(CostCap.file(fixture.store, capped));
                Files.delete(RunUsage.file(fixture.store, capped));
            }
            Properties raised = fixture.parameters(capped);
            raised.setProperty("maxCost", "100");
            var restarted = JobRuntime.awaitEnd(JobRuntime.restart(first, raised));

            // then: the rest is submitted, nobody twice
            assertThat(restarted.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            RunAssertions.assertEverySubmittedOnce(fixture.emulator.counts(), capped, users);
            RunAssertions.assertCompleted(tree, capped, users);
            RunStatus done = tree.status(capped);
            assertThat(done.cost().submittedEstimate())
                    .isEqualByComparingTo(bounds.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
            assertTokensAndCostAreThoseOfResultsJson(fixture, capped, users, done, price);
        }
    }

    @Test
    void inAPackedRunTheCapStopsBeforeTheUserThatWouldPassItAndARestartPacksTheRestOnce(@TempDir Path dir)
            throws Exception {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: packs of four users; a cap that holds the first five users' upper estimates and half the sixth's
            fixture.writePosts(USERS);
            Capped plan = Capped.write(fixture, ExperimentJobPackedTest.packedConfig(fixture, "{users: 4}"));
            RunId capped = fixture.createRun(plan.config(), null);
            Properties parameters = fixture.parameters(capped);
            parameters.setProperty("partitions", "1");

            // when
            long first = JobRuntime.start(parameters);
            JobRuntime.awaitEnd(first);

            // then: the first pack, and the fifth user in a pack of its own, reached the provider; nobody after them
            assertThat(fixture.emulator.counts().batchesPerRunUser()).isEqualTo(Map.of(
                    capped + "/pack-000000000", 1L, capped + "/pack-000000004", 1L));
            List<String> users = plan.users();
            for (String user : users.subList(0, UNDER_THE_CAP)) {
                assertThat(fixture.store.uploadFile(new UserId(user), capped)).as(user).exists();
            }
            for (String user : users.subList(UNDER_THE_CAP, USERS)) {
                assertThat(fixture.store.batchFile(new UserId(user), capped)).as(user).doesNotExist();
            }
            ExperimentTree tree = new ExperimentTree(fixture.store);
            RunStatus stopped = tree.status(capped);
            assertThat(stopped.state()).isEqualTo(State.STOPPED);
            assertThat(stopped.lastError()).contains("cost cap " + Price.text(plan.cap()) + " USD reached");
            assertThat(stopped.counts().submitted()).isEqualTo(UNDER_THE_CAP);
            assertThat(stopped.cost().submittedEstimate()).isEqualByComparingTo(plan.underTheCap());

            // when: restarted with a higher cap
            Properties raised = fixture.parameters(capped);
            raised.setProperty("maxCost", "100");
            var restarted = JobRuntime.awaitEnd(JobRuntime.restart(first, raised));

            // then: the rest goes in new packs (the interrupted chunk's users 5-7, then 8-11), every pack uploaded and
            // created once, every user answered
            assertThat(restarted.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(fixture.emulator.counts().uploadsPerRunUser()).hasSize(4).containsOnlyKeys(
                    capped + "/pack-000000000", capped + "/pack-000000004", capped + "/pack-000000005",
                    capped + "/pack-000000008").allSatisfy((pack, uploads) -> assertThat(uploads).isEqualTo(1L));
            assertThat(fixture.emulator.counts().batchesPerRunUser())
                    .isEqualTo(fixture.emulator.counts().uploadsPerRunUser());
            RunAssertions.assertCompleted(tree, capped, users);
            assertTokensAndCostAreThoseOfResultsJson(fixture, capped, users, tree.status(capped), plan.price());
        }
    }

    @Test
    void aCapForAModelWithoutPriceIsRefusedBeforeTheRunIsCreated(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given
            fixture.writePosts(2);
            Path config = fixture.writeConfig("qwen/qwen3.6-27b");
            Files.writeString(config, Files.readString(config).replace("collect_deadline: 5m",
                    "collect_deadline: 5m\n  max_cost: 5"));

            // then
            assertThatThrownBy(() -> fixture.createRun(config, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("provider.max_cost needs a price")
                    .hasMessageContaining("qwen/qwen3.6-27b")
                    .hasMessageContaining("model.price");
            assertThat(fixture.root.resolve("runs")).isEmptyDirectory();
        }
    }

    private static void assertTokensAndCostAreThoseOfResultsJson(ExperimentFixture fixture, RunId run,
                                                                List<String> users, RunStatus status, Price price)
            throws IOException {
        ResultsUsage sum = ResultsUsage.NONE;
        for (String user : users) {
            sum = sum.plus(ResultsUsage.of(fixture.store.resultsFile(new UserId(user), run)));
        }
        assertThat(sum.prompt()).isPositive();
        assertThat(status.tokens()).isEqualTo(new RunStatus.Tokens(sum.prompt(), sum.completion(), sum.reasoning(),
                sum.cached()));
        assertThat(status.cost().collected()).isEqualByComparingTo(price.batchCost(sum.prompt(), sum.completion()));
        assertThat(status.cost().currency()).isEqualTo("USD");
        assertThat(status.cost().price()).isEqualTo(price.describe());
    }

    /** The users a run of the whole input lists, in users.json order (sorted by id). */
    private static List<String> usersInOrder(ExperimentFixture fixture, ExperimentConfig config) throws IOException {
        List<String> users = new ArrayList<>();
        try (UserRecords records = UserRecords.open(config.input(), fixture.store.workDir())) {
            records.users().forEachRemaining(user -> users.add(user.value()));
        }
        return users;
    }

    /** Each user's upper estimate, from the requests the job builds for it. */
    private static List<BigDecimal> upperBounds(ExperimentFixture fixture, ExperimentConfig config,
                                                List<String> users, Price price) throws Exception {
        List<BigDecimal> bounds = new ArrayList<>();
        UserRequestBuilder builder = new UserRequestBuilder(config);
        try (UserRecords records = UserRecords.open(config.input(), fixture.store.workDir());
             UserRecords.Cursor cursor = records.recordsInOrder()) {
            for (int i = 0; i < users.size(); i++) {
                UserInput input = UsersReader.read(cursor, new UserId(users.get(i)), i,
                        BatchFileLimits.PROVIDER.records());
                bounds.add(CostEstimate.ofLines(UserRequestProcessor.batchOf(config, builder, input).jsonLines(),
                        price.maxCompletionTokens()).high(price).orElseThrow());
            }
        }
        return bounds;
    }

    /** A config capped to hold the first {@value #UNDER_THE_CAP} users' upper estimates and half the next one's. */
    private record Capped(Path config, List<String> users, List<BigDecimal> bounds, BigDecimal underTheCap,
                          BigDecimal cap, Price price) {

        static Capped write(ExperimentFixture fixture, Path config) throws Exception {
            ExperimentConfig loaded = ExperimentConfigLoader.load(config);
            Price price = Prices.of(loaded.model()).orElseThrow();
            List<String> users = usersInOrder(fixture, loaded);
            List<BigDecimal> bounds = upperBounds(fixture, loaded, users, price);
            BigDecimal underTheCap = bounds.subList(0, UNDER_THE_CAP).stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal cap = underTheCap.add(bounds.get(UNDER_THE_CAP).divide(BigDecimal.valueOf(2)));
            Files.writeString(config, Files.readString(config).replace("collect_deadline: 5m",
                    "collect_deadline: 5m\n  max_cost: " + cap.toPlainString()));
            return new Capped(config, users, bounds, underTheCap, cap, price);
        }
    }

    private static Map<String, Long> once(RunId run, List<String> users) {
        return users.stream().collect(Collectors.toMap(user -> ExperimentFixture.runUser(run, user), user -> 1L));
    }
}
