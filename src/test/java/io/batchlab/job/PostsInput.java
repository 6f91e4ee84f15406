package io.batchlab.job;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Deterministic JSONL input: users {@code 31499500}, {@code 31499501}, …; user number {@code i} has {@code 1 + i % 3}
 * posts. Records are interleaved across users (first posts of all users, then second posts…), as real exports are.
 */
final class PostsInput {

    private static final int FIRST_ID = 31_499_500;

    private PostsInput() {
    }

    static List<String> userIds(int users) {
        return IntStream.range(0, users).mapToObj(i -> Integer.toString(FIRST_ID + i)).toList();
    }

    static int postsOf(String userId) {
        return 1 + (Integer.parseInt(userId) - FIRST_ID) % 3;
    }

    /** Writes the posts of {@code users} users to {@code file}; returns their ids in order. */
    static List<String> write(Path file, int users) throws IOException {
        List<String> ids = userIds(users);
        List<String> lines = new ArrayList<>();
        for (int post = 1; post <= 3; post++) {
            for (String id : ids) {
                if (post <= postsOf(id)) {
                    lines.add(post(id, post).toString());
                }
            }
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        return ids;
    }

    /** Appends one record as given (e.g. one that lacks a field the prompt needs). */
    static void append(Path file, JsonObject record) throws IOException {
        Files.writeString(file, record + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    static JsonObject post(String userId, int number) {
        return Json.createObjectBuilder()
                .add("user_id", userId)
                .add("created_at", "2024-04-0" + number + "T10:0" + number + ":00Z")
                .add("text", "Post " + number + " of " + userId + ": \"cars out\" of the centre, says ü-umlaut fan")
                .build();
    }
}
