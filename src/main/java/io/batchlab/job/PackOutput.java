package io.batchlab.job;

import io.batchlab.request.CustomId;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.StringReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pack's downloaded output or error file, split by user without holding it in memory: one pass notes where each
 * user's lines start and end (a few numbers per line), then each user's lines are read back from those places and
 * written with the user's own custom_ids, ready for {@link io.batchlab.results.UserResults}. A line that cannot be read
 * is kept as a problem with its line number: the user's own when its custom_id can still be made out of the broken
 * text, else every user's of the pack (not UTF-8, no custom_id, one of no user of the pack).
 */
final class PackOutput implements Closeable {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final int MAX_LINE_BYTES = 64 * 1024 * 1024;

    private final FileChannel channel;
    /** A custom_id in a line too broken to parse as JSON. */
    private static final Pattern CUSTOM_ID = Pattern.compile("\"custom_id\"\\s*:\\s*\"([A-Za-z0-9_-]{1,64}):");

    private final Map<String, List<long[]>> linesByUser;
    private final Map<String, List<String>> problemsByUser;
    private final List<String> problems;

    private PackOutput(FileChannel channel, Map<String, List<long[]>> linesByUser,
                       Map<String, List<String>> problemsByUser, List<String> problems) {
        this.channel = channel;
        this.linesByUser = linesByUser;
        this.problemsByUser = problemsByUser;
        this.problems = problems;
    }

    /** Indexes {@code file}; null (no file from the provider) gives an empty output. */
    static PackOutput index(Path file) throws IOException {
        Map<String, List<long[]>> lines = new HashMap<>();
        Map<String, List<String>> problemsByUser = new HashMap<>();
        List<String> problems = new ArrayList<>();
        if (file == null) {
            return new PackOutput(null, lines, problemsByUser, problems);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long offset = 0;
            long start = 0;
            long number = 0;
            for (int b = in.read(); ; b = in.read()) {
                if (b == '\n' || b == -1) {
                    if (line.size() > 0) {
                        number++;
                        String where = file.getFileName() + " line " + number;
                        String user = userOf(line.toByteArray(), where, problemsByUser, problems);
                        if (user != null) {
                            lines.computeIfAbsent(user, u -> new ArrayList<>()).add(new long[] {start, line.size()});
                        }
                    }
                    if (b == -1) {
                        break;
                    }
                    line.reset();
                    offset++;
                    start = offset;
                    continue;
                }
                if (line.size() >= MAX_LINE_BYTES) {
                    throw new IOException(file + " line " + (number + 1) + " is longer than " + MAX_LINE_BYTES
                            + " bytes");
                }
                line.write(b);
                offset++;
            }
        }
        return new PackOutput(FileChannel.open(file, StandardOpenOption.READ), lines, problemsByUser, problems);
    }

    /** The user id a line's custom_id names, or null with a problem noted. */
    private static String userOf(byte[] bytes, String where, Map<String, List<String>> problemsByUser,
                                 List<String> problems) {
        List<String> found = new ArrayList<>(1);
        JsonObject line = parse(bytes, where, found);
        if (line == null) {
            if (!found.isEmpty()) {
                Matcher id = CUSTOM_ID.matcher(new String(bytes, StandardCharsets.UTF_8));
                if (id.find()) {
                    problemsByUser.computeIfAbsent(id.group(1), u -> new ArrayList<>()).addAll(found);
                } else {
                    problems.addAll(found);
                }
            }
            return null;
        }
        if (!(line.get("custom_id") instanceof JsonString id)) {
            problems.add(where + ": no custom_id");
            return null;
        }
        return CustomId.fromPack(id.getString()).map(CustomId.Packed::userId).orElseGet(() -> {
            problems.add(where + ": custom_id " + id.getString() + " names no user of the pack");
            return null;
        });
    }

    private static JsonObject parse(byte[] bytes, String where, List<String> problems) {
        String text;
        try {
            // strict UTF-8: a bad byte spoils its line, not the file
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            problems.add(where + ": not valid UTF-8");
            return null;
        }
        if (text.isBlank()) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            parser.next();
            return parser.getObject();
        } catch (JsonException | IllegalStateException e) {
            problems.add(where + ": unreadable JSON (" + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * Writes {@code userId}'s lines to {@code target}, each with the user's own custom_id; null (nothing written)
     * when the pack has no such file.
     */
    Path linesOf(String userId, Path target) throws IOException {
        if (channel == null) {
            return null;
        }
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
            for (long[] place : linesByUser.getOrDefault(userId, List.of())) {
                ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(place[1]));
                while (bytes.hasRemaining()) {
                    if (channel.read(bytes, place[0] + bytes.position()) < 0) {
                        throw new IOException("a pack file got shorter while it was split");
                    }
                }
                JsonObject line;
                try (JsonParser parser = JSON.createParser(new StringReader(
                        new String(bytes.array(), StandardCharsets.UTF_8)))) {
                    parser.next();
                    line = parser.getObject();
                }
                String own = CustomId.fromPack(line.getString("custom_id")).orElseThrow().customId();
                out.write(JSON.createObjectBuilder(line).add("custom_id", own).build().toString()
                        .getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
        return target;
    }

    /** The problems {@code userId} should see: the lines broken beyond telling whose, and the user's own. */
    List<String> problemsOf(String userId) {
        List<String> of = new ArrayList<>(problems);
        of.addAll(problemsByUser.getOrDefault(userId, List.of()));
        return of;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
