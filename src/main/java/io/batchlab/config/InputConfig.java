package io.batchlab.config;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Where each user's records come from (the {@code input:} section of config.yaml).
 *
 * @param kind        a single JSONL file with a user-id field, or a directory with one file per user
 * @param path        the JSONL file or the directory, absolute (resolved against the config file's directory)
 * @param userIdField the record field holding the user id (JSONL input)
 * @param requests    whether each record becomes its own request or all of a user's records form one request
 * @param sampleUsers if present, only this many users, drawn with {@code sampleSeed}
 * @param sampleSeed  seed of the sample draw, so a sample is reproducible
 * @param recordKey   per_record only: the record field that identifies a record (e.g. {@code post_id}), recorded
 *                    with each request in results.json; {@code null}: the record's position among the user's records
 */
public record InputConfig(Kind kind, Path path, String userIdField, Requests requests,
                          OptionalInt sampleUsers, long sampleSeed, String recordKey) {

    /** Input without a record-key field: a record is known by its position. */
    public InputConfig(Kind kind, Path path, String userIdField, Requests requests, OptionalInt sampleUsers,
                       long sampleSeed) {
        this(kind, path, userIdField, requests, sampleUsers, sampleSeed, null);
    }

    public enum Kind { JSONL, DIRECTORY }

    public enum Requests { PER_RECORD, PER_USER }
}
