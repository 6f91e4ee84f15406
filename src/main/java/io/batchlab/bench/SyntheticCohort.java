package io.batchlab.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated closed-target experiment: {@code posts.jsonl} with {@code users × records} posts (a user's posts spread
 * through the file, as in real exports) and a config.yaml that reads it. Deterministic, so every run sees the same bytes.
 *
 * @param config  the config.yaml to create runs from
 * @param users   how many users the input holds
 * @param records how many posts (requests) each user has
 */
record SyntheticCohort(Path config, int users, int records) {

    private static final String[] SENTENCES = {
            "Walked through the new pedestrian zone today, quieter and the cafés are full.",
            "The car ban just moved the traffic jams into our residential street.",
            "Buses are faster than ever since the centre closed to cars.",
            "Deliveries to my shop now take twice as long, nobody asked us.",
            "Noise levels on the main street dropped by half since the ban.",
            "Not sure yet what to think about the new rules downtown."};

    /** Writes the data and the config under {@code dir}; {@code provider} is the config's provider section body. */
    static SyntheticCohort write(Path dir, int users, int records, ProviderPacing provider) throws IOException {
        Files.createDirectories(dir);
        Path data = dir.resolve("posts.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(data, StandardCharsets.UTF_8)) {
            for (int record = 0; record < records; record++) {
                for (int user = 0; user < users; user++) {
                    out.write(post(user, record));
                    out.write('\n');
                }
            }
        }
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, configYaml(provider), StandardCharsets.UTF_8);
        return new SyntheticCohort(config, users, records);
    }

    /**
     * The same cohort with {@code provider.pack} set (e.g. {@code "{requests: 1000}"}): a second config beside the
     * first, reading the same posts.jsonl.
     */
    SyntheticCohort packed(String pack) throws IOException {
        Path packed = config.resolveSibling("config-packed.yaml");
        Files.writeString(packed, Files.readString(config, StandardCharsets.UTF_8).replace("  pack: {users: 1}\n",
                "  pack: " + pack + "\n"), StandardCharsets.UTF_8);
        return new SyntheticCohort(packed, users, records);
    }

    static String userId(int user) {
        return Integer.toString(10_000_000 + user);
    }

    private static String post(int user, int record) {
        long postId = (long) user * 100 + record;
        String text = SENTENCES[(user + record) % SENTENCES.length] + " (post " + postId + ")";
        return "{\"user_id\":\"" + userId(user) + "\",\"post_id\":\"" + postId + "\",\"text\":\"" + text
                + "\",\"created_at\":\"2024-03-" + String.format("%02d", 1 + record % 28) + "T12:00:00Z\"}";
    }

    private static String configYaml(ProviderPacing provider) {
        return """
                experiment:
                  type: CT
                  description: "batchlab bench: synthetic closed-target cohort"
                  time_zone: UTC
                model:
                  code: BENCH
                  id: openai/gpt-oss-120b
                  parameters:
                    temperature: 0
                    max_completion_tokens: 64
                provider:
                  base_url: http://127.0.0.1:1/openai/v1
                  completion_window: 24h
                  max_concurrency: %d
                  requests_per_second: %s
                  poll_interval: %s
                  collect_deadline: 1h
                  pack: {users: 1}
                prompt:
                  system: |
                    You annotate social-media posts for a study of public opinion on urban traffic policy.
                  user: |
                    Post by user {{user_id}} ({{created_at}}):
                    \"""
                    {{text}}
                    \"""
                    Is this post in favor of the car-free city centre, against it, or neither?
                    Answer with one of: {{allowed_answers}}
                  allowed_answers: [favor, against, neutral]
                input:
                  jsonl: posts.jsonl
                  user_id_field: user_id
                  requests: per_record
                """.formatted(provider.maxConcurrency(), provider.requestsPerSecond(), provider.pollInterval());
    }

    /** The provider section's pacing: how many calls at once, how many per second, how often to poll. */
    record ProviderPacing(int maxConcurrency, double requestsPerSecond, String pollInterval) {
    }
}
