package io.batchlab.job;

import io.batchlab.store.AtomicFiles;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Many users' requests in one provider batch (a run with {@code provider.pack}). A pack is named after the position
 * of its first user in users.json ({@code pack-000000123}), which no other pack of the run can share. Its files live
 * once, under {@code experiments/.batchlab/packs/RUN_ID/}, never copied into users' directories:
 * <ul>
 *   <li>{@code NAME.json}: the members — position, user id, where the user's lines sit in the input file and the
 *       record keys — written first;</li>
 *   <li>{@code NAME.jsonl}: the input file as uploaded, written second. Its existence is the pack's intent: from then
 *       on the provider may hold the pack, so it is looked up there (upload name {@code batchlab_RUN_ID_NAME.jsonl},
 *       batch metadata {@code run_id, pack}) before anything is uploaded again, and its members never join another
 *       pack;</li>
 *   <li>{@code NAME.output.jsonl}, {@code NAME.errors.jsonl}: the provider's raw output and error files, downloaded
 *       once and split into the members' results.json.</li>
 * </ul>
 *
 * @param members in users.json order, each with its lines' place in the input file
 */
record Pack(String name, List<Member> members) {

    private static final JsonProvider JSON = JsonProvider.provider();

    /**
     * One user of a pack.
     *
     * @param firstLine  the 1-based line of the pack's input file where the user's requests start
     * @param lines      how many lines (requests) the user has there, in batch.jsonl's order
     * @param recordKeys as {@link UserBatch#recordKeys()}, for the user's upload.json
     */
    record Member(long position, UserId user, int firstLine, int lines, Map<String, String> recordKeys) {

        ListedUser listed() {
            return new ListedUser(position, user);
        }
    }

    Pack {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a pack has at least one user");
        }
    }

    /** The pack of {@code batches}, in order: named after the first, each user's lines after the previous user's. */
    static Pack of(List<UserBatch> batches) {
        List<Member> members = new ArrayList<>(batches.size());
        int line = 1;
        for (UserBatch batch : batches) {
            members.add(new Member(batch.position(), batch.user(), line, batch.jsonLines().size(),
                    batch.recordKeys()));
            line += batch.jsonLines().size();
        }
        return new Pack(nameOf(batches.get(0).position()), members);
    }

    static String nameOf(long firstPosition) {
        String digits = Long.toString(firstPosition);
        return "pack-" + "0".repeat(Math.max(0, 9 - digits.length())) + digits;
    }

    long first() {
        return members.get(0).position();
    }

    long last() {
        return members.get(members.size() - 1).position();
    }

    static Path dir(ExperimentStore store, RunId run) {
        return store.workDir().resolve("packs").resolve(run.toString());
    }

    static Path manifest(ExperimentStore store, RunId run, String name) {
        return dir(store, run).resolve(name + ".json");
    }

    static Path input(ExperimentStore store, RunId run, String name) {
        return dir(store, run).resolve(name + ".jsonl");
    }

    static Path output(ExperimentStore store, RunId run, String name) {
        return dir(store, run).resolve(name + ".output.jsonl");
    }

    static Path errors(ExperimentStore store, RunId run, String name) {
        return dir(store, run).resolve(name + ".errors.jsonl");
    }

    /** Where {@code member}'s lines sit in the pack, as the user's upload.json records it under {@code pack}. */
    JsonObject placement(Member member) {
        return JSON.createObjectBuilder()
                .add("name", name)
                .add("users", members.size())
                .add("first_line", member.firstLine())
                .add("lines", member.lines())
                .add("custom_id_prefix", member.user().value() + ":")
                .build();
    }

    /** Writes the members file; {@code first} and {@code last} come first so {@link PackIndex} reads only them. */
    void writeManifest(ExperimentStore store, RunId run) throws IOException {
        Files.createDirectories(dir(store, run));
        AtomicFiles.write(manifest(store, run, name), out -> {
            try (JsonGenerator json = JSON.createGenerator(out)) {
                json.writeStartObject().write("first", first()).write("last", last()).write("name", name)
                        .writeStartArray("members");
                for (Member member : members) {
                    json.writeStartObject()
                            .write("position", member.position())
                            .write("user_id", member.user().value())
                            .write("first_line", member.firstLine())
                            .write("lines", member.lines());
                    if (!member.recordKeys().isEmpty()) {
                        json.writeStartObject("record_keys");
                        member.recordKeys().forEach(json::write);
                        json.writeEnd();
                    }
                    json.writeEnd();
                }
                json.writeEnd().writeEnd();
            }
        });
    }

    static Pack read(ExperimentStore store, RunId run, String name) throws IOException {
        Path file = manifest(store, run, name);
        JsonObject json;
        try (InputStream in = Files.newInputStream(file); JsonParser parser = JSON.createParser(in)) {
            parser.next();
            json = parser.getObject();
        } catch (jakarta.json.JsonException e) {
            throw new IOException(file + " is not readable JSON: " + e.getMessage(), e);
        }
        List<Member> members = new ArrayList<>();
        for (JsonObject member : json.getJsonArray("members").getValuesAs(JsonObject.class)) {
            Map<String, String> keys = new LinkedHashMap<>();
            if (member.get("record_keys") instanceof JsonObject recorded) {
                recorded.forEach((customId, key) -> keys.put(customId, key.getValueType() == JsonValue.ValueType.STRING
                        ? ((jakarta.json.JsonString) key).getString() : null));
            }
            members.add(new Member(member.getJsonNumber("position").longValue(),
                    UserId.of(member.getString("user_id"), file.toString()), member.getInt("first_line"),
                    member.getInt("lines"), keys));
        }
        return new Pack(json.getString("name"), members);
    }

    /** The users' record keys as upload.json keeps them ({@link io.batchlab.results.RecordKeys#UPLOAD_FIELD}). */
    static JsonObjectBuilder recordKeys(Map<String, String> keys) {
        JsonObjectBuilder json = JSON.createObjectBuilder();
        keys.forEach(json::add);
        return json;
    }
}
