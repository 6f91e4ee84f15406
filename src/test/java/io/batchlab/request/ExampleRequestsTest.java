package io.batchlab.request;

import io.batchlab.config.ExperimentConfig;
import io.batchlab.config.ExperimentConfigLoader;
import io.batchlab.store.UserId;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's example configs must render against their example data for every user. */
class ExampleRequestsTest {

    private static final Path EXAMPLES = Path.of("experiments/examples");

    private static JsonValue parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    private static String userContent(BatchLine line) {
        List<JsonObject> messages = line.body().getJsonArray("messages").getValuesAs(JsonObject.class);
        return messages.get(messages.size() - 1).getString("content");
    }

    @Test
    void closedTargetExampleBuildsOneRequestPerPostWithTheAnswerLine() throws Exception {
        // given
        ExperimentConfig config = ExperimentConfigLoader.load(EXAMPLES.resolve("closed-target.yaml"));
        Map<String, List<JsonObject>> byUser = Files.readAllLines(config.input().path(), StandardCharsets.UTF_8)
                .stream().map(line -> parse(line).asJsonObject())
                .collect(Collectors.groupingBy(r -> r.getString("user_id"), TreeMap::new, Collectors.toList()));
        UserRequestBuilder builder = new UserRequestBuilder(config);

        // when
        int lines = 0;
        for (Map.Entry<String, List<JsonObject>> user : byUser.entrySet()) {
            List<BatchLine> built = builder.build(new UserId(user.getKey()), user.getValue());
            lines += built.size();
            // then
            assertThat(built).allSatisfy(line -> assertThat(userContent(line))
                    .contains("Answer with one of: favor, against, neutral", "Post by user " + user.getKey()));
        }
        assertThat(byUser).hasSizeGreaterThanOrEqualTo(24);
        assertThat(lines).isEqualTo(Files.readAllLines(config.input().path()).size());
    }

    @Test
    void openTargetExampleBuildsOneRequestPerUserFromJsonlAndJsonFiles() throws Exception {
        // given
        ExperimentConfig config = ExperimentConfigLoader.load(EXAMPLES.resolve("open-target.yaml"));
        UserRequestBuilder builder = new UserRequestBuilder(config);
        List<Path> files;
        try (Stream<Path> listing = Files.list(config.input().path())) {
            files = listing.sorted().toList();
        }

        // when / then
        for (Path file : files) {
            String name = file.getFileName().toString();
            String userId = name.substring(0, name.indexOf('.'));
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<JsonObject> records = name.endsWith(".json")
                    ? parse(text).asJsonArray().getValuesAs(JsonObject.class)
                    : text.lines().map(line -> parse(line).asJsonObject()).toList();
            List<BatchLine> built = builder.build(new UserId(userId), records);
            assertThat(built).singleElement().satisfies(line -> {
                assertThat(line.customId()).isEqualTo(CustomId.WHOLE_USER);
                assertThat(userContent(line)).contains("posts of user " + userId, records.size() + ". [");
            });
        }
        assertThat(files).anyMatch(f -> f.toString().endsWith(".json")).anyMatch(f -> f.toString().endsWith(".jsonl"));
    }
}
