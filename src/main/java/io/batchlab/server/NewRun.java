package io.batchlab.server;

import java.util.List;

/**
 * Body of {@code POST /api/runs}: a run to create and start. Give the config either inline or as a file under the
 * server's data roots, and the users either inline, as a file under the data roots, or not at all.
 *
 * @param config     path of a config.yaml under a data root (relative paths resolve against the first root)
 * @param configYaml the config.yaml text itself; its {@code input.*} paths resolve against the first data root
 * @param users      optional path of a users.json or a text file with one user id per line, under a data root
 * @param userIds    optional list of user ids; default for both: every user in the config's input
 * @param window     optional batch window: the run waits for it instead of starting at once (default: the config's
 *                   {@code window}, else MicroProfile Config {@code batchlab.window}, else none)
 */
public record NewRun(String config, String configYaml, String users, List<String> userIds, String window) {
}
