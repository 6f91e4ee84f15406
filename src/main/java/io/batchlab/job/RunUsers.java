package io.batchlab.job;

import io.batchlab.config.ExperimentConfig;
import io.batchlab.input.UserIdList;
import io.batchlab.input.UserRecords;
import io.batchlab.store.DuplicateUserException;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/** Where a new run's users come from: every user of the input, a users file, or a list sent with the request. */
public sealed interface RunUsers {

    static RunUsers fromInput() {
        return new FromInput();
    }

    /** A users.json, or a text file with one id per line. */
    static RunUsers fromFile(Path file) {
        return new FromFile(file);
    }

    /** Ids as sent, e.g. in a runs API request; each is checked like a line of a users file. */
    static RunUsers listed(List<String> ids) {
        return new Listed(List.copyOf(ids));
    }

    /**
     * Writes the run's users.json and returns how many users it lists.
     *
     * @param workDir where input indexes are kept ({@code .batchlab/})
     */
    long write(Path usersJson, Path workDir, ExperimentConfig config) throws IOException;

    /** Why a run from this source would have no users. */
    String describeEmpty(ExperimentConfig config);

    record FromInput() implements RunUsers {
        @Override
        public long write(Path usersJson, Path workDir, ExperimentConfig config) throws IOException {
            try (UserRecords records = UserRecords.open(config.input(), workDir)) {
                return UsersFile.write(usersJson, records.users());
            }
        }

        @Override
        public String describeEmpty(ExperimentConfig config) {
            return "the input " + config.input().path() + " has no records";
        }
    }

    record FromFile(Path file) implements RunUsers {
        @Override
        public long write(Path usersJson, Path workDir, ExperimentConfig config) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("users file " + file + " does not exist");
            }
            try {
                return copy(usersJson);
            } catch (DuplicateUserException e) {
                // The run's users.json is removed again with the run: name the file the user can fix.
                throw new IllegalArgumentException(e.getMessage().replace(usersJson.toString(), file.toString()), e);
            }
        }

        private long copy(Path usersJson) throws IOException {
            if (file.getFileName().toString().endsWith(".json")) {
                try (UsersFile.Cursor cursor = UsersFile.open(file)) {
                    return UsersFile.write(usersJson, cursor);
                }
            }
            Iterator<UserId> ids = UserIdList.readPlainText(file);
            try {
                return UsersFile.write(usersJson, ids);
            } finally {
                if (ids instanceof Closeable closeable) {
                    closeable.close();
                }
            }
        }

        @Override
        public String describeEmpty(ExperimentConfig config) {
            return "the users file " + file + " lists none";
        }
    }

    record Listed(List<String> ids) implements RunUsers {
        @Override
        public long write(Path usersJson, Path workDir, ExperimentConfig config) throws IOException {
            Iterator<String> raw = ids.iterator();
            Iterator<UserId> checked = new Iterator<>() {
                private int index;

                @Override
                public boolean hasNext() {
                    return raw.hasNext();
                }

                @Override
                public UserId next() {
                    return UserId.of(raw.next(), "users[" + index++ + "]");
                }
            };
            try {
                return UsersFile.write(usersJson, checked);
            } catch (DuplicateUserException e) {
                throw new IllegalArgumentException(e.getMessage().replace(usersJson.toString(), "the request's users"),
                        e);
            }
        }

        @Override
        public String describeEmpty(ExperimentConfig config) {
            return "the request's users list is empty";
        }
    }
}
