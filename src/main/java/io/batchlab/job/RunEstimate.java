package io.batchlab.job;

import io.batchlab.config.ExperimentConfig;
import io.batchlab.cost.CostEstimate;
import io.batchlab.cost.Price;
import io.batchlab.cost.Prices;
import io.batchlab.input.UserRecords;
import io.batchlab.request.RequestBuildException;
import io.batchlab.request.UserRequestBuilder;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * What a run would send, without creating it ({@code batchlab run CONFIG --estimate}): picks the users as a new run
 * would, reads and builds every user's requests as the job's reader and processor do, and sums their tokens. Writes
 * only to a scratch directory of its own (users.json, the input's index), removed at the end: nothing under
 * experiments/.
 *
 * @param users        users the run would have
 * @param skippedUsers users whose requests could not be built (the run would skip them)
 * @param requests     the requests of the other users
 * @param price        the model's price; empty when it has none
 */
public record RunEstimate(long users, long skippedUsers, CostEstimate requests, Optional<Price> price) {

    public static RunEstimate of(ExperimentConfig config, RunUsers users) throws IOException {
        Path scratch = Files.createTempDirectory("batchlab-estimate-");
        try {
            Path usersJson = scratch.resolve("users.json");
            long total = users.write(usersJson, scratch, config);
            Optional<Price> price = Prices.of(config.model());
            OptionalInt modelLimit = price.map(Price::maxCompletionTokens).orElse(OptionalInt.empty());
            UserRequestBuilder builder = new UserRequestBuilder(config);
            CostEstimate sum = CostEstimate.NONE;
            long skipped = 0;
            try (UserRecords records = UserRecords.open(config.input(), scratch);
                 UserRecords.Cursor cursor = records.recordsInOrder();
                 UsersFile.Cursor listed = UsersFile.open(usersJson)) {
                while (listed.hasNext()) {
                    long position = listed.position();
                    UserId user = listed.next();
                    UserInput input = UsersReader.read(cursor, user, position, BatchFileLimits.PROVIDER.records());
                    try {
                        sum = sum.plus(CostEstimate.ofLines(UserRequestProcessor.batchOf(config, builder, input).jsonLines(),
                                modelLimit));
                    } catch (RequestBuildException e) {
                        skipped++;
                    }
                }
            }
            return new RunEstimate(total, skipped, sum, price);
        } finally {
            try (Stream<Path> paths = Files.walk(scratch)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
