package io.batchlab.emulator;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.spi.JsonProvider;
import java.util.Map;

/** The JSON-P provider, looked up once: a service-loader lookup per call would cost more than the parsing. */
final class Json {

    static final JsonProvider PROVIDER = JsonProvider.provider();
    static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());

    private Json() {
    }
}
