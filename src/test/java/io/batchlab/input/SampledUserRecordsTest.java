package io.batchlab.input;

import io.batchlab.config.InputConfig;
import io.batchlab.store.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class SampledUserRecordsTest {

    private static final int POPULATION = 100;

    @TempDir
    Path dir;

    private Path input() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int seq = 0; seq < POPULATION * 2; seq++) {
            lines.append(String.format("{\"user_id\": \"u%03d\", \"seq\": %d}%n", (seq * 37) % POPULATION, seq));
        }
        return Files.writeString(dir.resolve("input.jsonl"), lines);
    }

    private List<UserId> sample(Path input, int size, long seed) throws IOException {
        InputConfig config = new InputConfig(InputConfig.Kind.JSONL, input, "user_id",
                InputConfig.Requests.PER_RECORD, OptionalInt.of(size), seed);
        try (UserRecords records = UserRecords.open(config, dir.resolve(".batchlab"))) {
            List<UserId> users = new ArrayList<>();
            records.users().forEachRemaining(users::add);
            return users;
        }
    }

    @Test
    void sameSeedGivesTheSameSortedSample() throws IOException {
        // given
        Path input = input();

        // when
        List<UserId> first = sample(input, 10, 42);
        List<UserId> again = sample(input, 10, 42);

        // then
        assertThat(first).hasSize(10).doesNotHaveDuplicates().isSorted().isEqualTo(again);
        assertThat(first).allMatch(user -> user.value().matches("u0\\d\\d"));
    }

    @Test
    void otherSeedGivesAnotherSample() throws IOException {
        // given
        Path input = input();

        // when
        List<UserId> first = sample(input, 10, 42);
        List<UserId> other = sample(input, 10, 43);

        // then
        assertThat(other).hasSize(10).isNotEqualTo(first);
    }

    @Test
    void sampleLargerThanThePopulationIsEveryone() throws IOException {
        // when
        List<UserId> users = sample(input(), 1000, 1);

        // then
        assertThat(users).hasSize(POPULATION).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void sampledUsersStillGetAllTheirRecords() throws IOException {
        // given
        InputConfig config = new InputConfig(InputConfig.Kind.JSONL, input(), "user_id",
                InputConfig.Requests.PER_RECORD, OptionalInt.of(3), 5);

        // when
        try (UserRecords records = UserRecords.open(config, dir.resolve(".batchlab"))) {
            UserId user = records.users().next();

            // then
            assertThat(records.recordsOf(user)).hasSize(2)
                    .allMatch(record -> record.getString("user_id").equals(user.value()));
        }
    }

    @Test
    void everyUserIsEquallyLikelyToBeDrawn() throws IOException {
        // given 2000 draws of 10 out of 100: each user is expected 200 times
        UserRecords population = UserRecords.open(new InputConfig(InputConfig.Kind.JSONL, input(), "user_id",
                InputConfig.Requests.PER_RECORD, OptionalInt.empty(), 0), dir.resolve(".batchlab"));
        int[] drawn = new int[POPULATION];

        // when
        for (long seed = 0; seed < 2000; seed++) {
            new SampledUserRecords(population, 10, seed).users()
                    .forEachRemaining(user -> drawn[Integer.parseInt(user.value().substring(1))]++);
        }
        population.close();

        // then a binomial(2000, 0.1) count stays within ±5.5 standard deviations (13.4) of 200
        for (int count : drawn) {
            assertThat(count).isBetween(126, 274);
        }
    }
}
