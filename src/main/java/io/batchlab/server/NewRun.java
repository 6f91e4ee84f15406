package io.batchlab.server;

/**
 * Body of {@code POST /api/runs}: a run to create from a config.yaml and start.
 *
 * @param config absolute path of the config.yaml on the server
 * @param users  optional absolute path of a users.json or a text file with one user id per line; default: every
 *               user in the config's input
 */
public record NewRun(String config, String users) {
}
