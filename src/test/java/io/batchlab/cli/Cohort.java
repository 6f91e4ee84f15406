package io.batchlab.cli;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A synthetic cohort on disk: one post per user in posts.jsonl and a config.yaml that points at a provider, one batch
 * per user ({@code pack: {users: 1}}) since the crash and fault tests count per-user batches unless they call
 * {@link #packed}.
 */
record Cohort(Path config, Path posts, List<String> users) {

    static final String MODEL_ID = "openai/gpt-oss-120b";

    static Cohort write(Path dir, int userCount, URI baseUrl) throws IOException {
        return write(dir, userCount, baseUrl, MODEL_ID);
    }

    static Cohort write(Path dir, int userCount, URI baseUrl, String modelId) throws IOException {
        Files.createDirectories(dir);
        List<String> users = IntStream.range(0, userCount).mapToObj(i -> Integer.toString(500_000 + i)).toList();
        Path posts = dir.resolve("posts.jsonl");
        try (Writer out = Files.newBufferedWriter(posts, StandardCharsets.UTF_8)) {
            for (String user : users) {
                out.write("{\"user_id\":\"" + user + "\",\"created_at\":\"2024-04-08\",\"text\":\"post of " + user
                        + "\"}\n");
            }
        }
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, configYaml(baseUrl, modelId), StandardCharsets.UTF_8);
        return new Cohort(config, posts, users);
    }

    /** The same cohort with {@code provider.pack} set to {@code pack} (e.g. {@code "{users: 100}"}). */
    Cohort packed(String pack) throws IOException {
        String yaml = Files.readString(config, StandardCharsets.UTF_8);
        Files.writeString(config, yaml.replace("  pack: {users: 1}\n", "  pack: " + pack + "\n"),
                StandardCharsets.UTF_8);
        return this;
    }

    static String configYaml(URI baseUrl, String modelId) {
        return """
                experiment:
                  type: CT
                  description: "reliability test cohort"
                  time_zone: UTC
                model:
                  code: GPT120B
                  id: %s
                  parameters:
                    temperature: 0
                provider:
                  base_url: %s
                  completion_window: 24h
                  max_concurrency: 8
                  requests_per_second: 1000
                  poll_interval: 300ms
                  collect_deadline: 1h
                  pack: {users: 1}
                prompt:
                  system: "You annotate posts."
                  user: "Post by {{user_id}}: {{text}} Answer with one of: {{allowed_answers}}"
                  allowed_answers: [favor, against, neutral]
                input:
                  jsonl: posts.jsonl
                  user_id_field: user_id
                  requests: per_record
                """.formatted(modelId, baseUrl);
    }
}
