package io.batchlab.provider;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Real-shaped Groq bodies recorded under src/test/resources/io/batchlab/provider. */
final class RecordedBodies {

    private RecordedBodies() {
    }

    static String text(String name) {
        try (InputStream in = RecordedBodies.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded body " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonObject json(String name) {
        try (JsonReader reader = Json.createReader(new StringReader(text(name)))) {
            return reader.readObject();
        }
    }
}
