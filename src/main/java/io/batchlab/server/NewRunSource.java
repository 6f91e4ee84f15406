package io.batchlab.server;

import io.batchlab.config.DataRoots;
import io.batchlab.config.ExperimentConfig;
import io.batchlab.config.ExperimentConfigLoader;
import io.batchlab.config.OutsideDataRootsException;
import io.batchlab.job.RunUsers;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where a {@link NewRun} takes its config and users from: inline text, or files the data roots allow. Every field
 * problem is a 400 that says what to send; nothing is read before its path has passed {@link DataRoots}.
 */
record NewRunSource(String configPath, String configYaml, RunUsers users) {

    static final String CONFIG_YAML = "config_yaml";
    private static final String SHAPE = "send {\"config_yaml\": \"<the config.yaml text>\"} or {\"config\": "
            + "\"path/under/a/data/root/config.yaml\"}, optionally with \"user_ids\": [\"u1\", ...] or \"users\": "
            + "\"path/of/users.json\"";

    static NewRunSource of(NewRun request) {
        if (request == null) {
            throw RunsApiException.badRequest("the request has no body: " + SHAPE);
        }
        boolean hasPath = present(request.config());
        boolean hasText = present(request.configYaml());
        if (hasPath == hasText) {
            throw RunsApiException.badRequest((hasPath ? "the request names both config and config_yaml"
                    : "the request has no config") + ": " + SHAPE);
        }
        if (present(request.users()) && request.userIds() != null) {
            throw RunsApiException.badRequest("the request has both users and user_ids: give one of them, or neither "
                    + "for every user in the config's input");
        }
        RunUsers users = request.userIds() != null ? RunUsers.listed(request.userIds())
                : present(request.users()) ? RunUsers.fromFile(readable(request.users(), "users"))
                : RunUsers.fromInput();
        return new NewRunSource(hasPath ? request.config().strip() : null, request.configYaml(), users);
    }

    /** The config, its input paths checked against the data roots by the loader. */
    ExperimentConfig load() {
        return configYaml != null
                ? ExperimentConfigLoader.load(configYaml, CONFIG_YAML, DataRoots.configured().base())
                : ExperimentConfigLoader.load(readable(configPath, "config"));
    }

    String configName() {
        return configYaml != null ? CONFIG_YAML : configPath;
    }

    private static Path readable(String path, String field) {
        try {
            return DataRoots.configured().readable(Path.of(path.strip()), field);
        } catch (InvalidPathException e) {
            throw RunsApiException.badRequest(field + " is not a path: " + e.getReason());
        } catch (OutsideDataRootsException e) {
            throw RunsApiException.badRequest(e.getMessage());
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
