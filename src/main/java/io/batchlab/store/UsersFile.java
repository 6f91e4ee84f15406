package io.batchlab.store;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A run's users.json, {@code {"users": ["31499533", "31499534"]}}, streamed both ways so that a million ids
 * never sit in memory at once.
 */
public final class UsersFile {

    private static final JsonGeneratorFactory GENERATORS =
            Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    /** Reads ids one at a time; {@link #position()} is the checkpoint a restart passes to {@link #skip}. */
    public interface Cursor extends Iterator<UserId>, Closeable {

        /** Ids consumed so far (returned by next or skipped). */
        long position();

        void skip(long n) throws IOException;
    }

    private UsersFile() {
    }

    /** Writes the ids atomically and returns how many there were; a repeated id fails the whole write. */
    public static long write(Path target, Iterator<UserId> users) throws IOException {
        long[] written = new long[1];
        AtomicFiles.writeVia(target, (temp, out) -> written[0] = writeUsers(target, temp, out, users));
        return written[0];
    }

    private static long writeUsers(Path target, Path temp, OutputStream out, Iterator<UserId> users)
            throws IOException {
        SeenIdHashes seen = new SeenIdHashes();
        long written = 0;
        JsonGenerator json = GENERATORS.createGenerator(out, StandardCharsets.UTF_8);
        json.writeStartObject().writeStartArray("users");
        while (users.hasNext()) {
            UserId user = users.next();
            if (!seen.add(user.value())) {
                json.flush();
                long earlier = entryOf(temp, user, written);
                if (earlier > 0) {
                    throw new DuplicateUserException(user, earlier, written + 1, target);
                }
            }
            json.write(user.value());
            written++;
        }
        json.writeEnd().writeEnd().close();
        return written;
    }

    /** Confirms a suspected duplicate against what is already written: its 1-based entry, or 0 if absent. */
    private static long entryOf(Path partialFile, UserId user, long entries) throws IOException {
        try (Cursor written = open(partialFile)) {
            for (long entry = 1; entry <= entries; entry++) {
                if (written.next().equals(user)) {
                    return entry;
                }
            }
        }
        return 0;
    }

    public static Cursor open(Path file) throws IOException {
        Reader reader = new Utf8Reader(Files.newInputStream(file));
        try {
            return new StreamingCursor(file, PARSERS.createParser(reader));
        } catch (RuntimeException malformed) {
            reader.close();
            throw malformed;
        }
    }

    public static long count(Path file) throws IOException {
        try (Cursor users = open(file)) {
            while (users.hasNext()) {
                users.next();
            }
            return users.position();
        }
    }

    private static final class StreamingCursor implements Cursor {

        private final Path file;
        private final JsonParser parser;
        private long position;
        private UserId pending;
        private boolean arrayEnded;

        StreamingCursor(Path file, JsonParser parser) {
            this.file = file;
            this.parser = parser;
            expect(Event.START_OBJECT, "an object");
            expect(Event.KEY_NAME, "the key \"users\"");
            if (!"users".equals(parser.getString())) {
                throw shapeError("expected the key \"users\", found " + Deployment.quote(parser.getString()));
            }
            expect(Event.START_ARRAY, "an array of user ids after \"users\"");
        }

        @Override
        public boolean hasNext() {
            if (pending != null) {
                return true;
            }
            if (arrayEnded) {
                return false;
            }
            Event event = nextEvent("a user id string or the end of the array");
            if (event == Event.VALUE_STRING) {
                pending = UserId.of(parser.getString(), file + " entry " + (position + 1));
                return true;
            }
            if (event == Event.END_ARRAY) {
                arrayEnded = true;
                expect(Event.END_OBJECT, "the end of the object after the users array (no other keys)");
                expectEndOfFile();
                return false;
            }
            throw shapeError("expected a user id string or the end of the array, found " + describe(event)
                    + " at entry " + (position + 1));
        }

        @Override
        public UserId next() {
            if (!hasNext()) {
                throw new NoSuchElementException(file + " has no user after entry " + position);
            }
            UserId user = pending;
            pending = null;
            position++;
            return user;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public void skip(long n) throws IOException {
            for (long i = 0; i < n; i++) {
                if (!hasNext()) {
                    throw new IOException("cannot skip to entry " + (position + n - i) + " of " + file
                            + ": it has only " + position + " user ids");
                }
                next();
            }
        }

        @Override
        public void close() {
            parser.close();
        }

        private void expect(Event expected, String what) {
            Event event = nextEvent(what);
            if (event != expected) {
                throw shapeError("expected " + what + ", found " + describe(event));
            }
        }

        private void expectEndOfFile() {
            if (hasMoreEvents()) {
                throw shapeError("expected the end of the file after the users object");
            }
        }

        private Event nextEvent(String what) {
            if (!hasMoreEvents()) {
                throw shapeError("expected " + what + ", found the end of the file");
            }
            try {
                return parser.next();
            } catch (JsonParsingException e) {
                throw new UsersFileException(file, e.getLocation(), "invalid JSON" + UsersFileException.detail(e), e);
            } catch (JsonException e) {
                throw unreadable(e);
            }
        }

        private boolean hasMoreEvents() {
            try {
                return parser.hasNext();
            } catch (JsonParsingException e) {
                throw new UsersFileException(file, e.getLocation(), "invalid JSON" + UsersFileException.detail(e), e);
            } catch (JsonException e) {
                throw unreadable(e);
            }
        }

        /** The parser wraps the reader's I/O errors; one that is not UTF-8 says where. */
        private UsersFileException unreadable(JsonException e) {
            if (e.getCause() instanceof Utf8Reader.NotUtf8Exception notUtf8) {
                return UsersFileException.notUtf8(file, notUtf8);
            }
            return new UsersFileException(file, null, "cannot read" + UsersFileException.detail(e), e);
        }

        private UsersFileException shapeError(String problem) {
            return new UsersFileException(file, parser.getLocation(), problem, null);
        }

        private static String describe(Event event) {
            return switch (event) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case KEY_NAME -> "a key";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                case END_OBJECT -> "the end of the object";
                case END_ARRAY -> "the end of the array";
            };
        }
    }
}
