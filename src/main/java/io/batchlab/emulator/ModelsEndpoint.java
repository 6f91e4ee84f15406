package io.batchlab.emulator;

import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** {@code GET /models}: the emulated models; the owner field says they are not real. */
final class ModelsEndpoint {

    static final String OWNER = "Groq emulator (not an LLM)";

    private final Set<String> models;
    private final long createdAt;

    ModelsEndpoint(Set<String> models, long createdAt) {
        this.models = new TreeSet<>(models);
        this.createdAt = createdAt;
    }

    List<Route> routes() {
        return List.of(Route.of("GET", "/models", this::list));
    }

    private void list(ApiCall call) throws IOException {
        JsonArrayBuilder data = Json.BUILDERS.createArrayBuilder();
        for (String model : models) {
            data.add(Json.BUILDERS.createObjectBuilder()
                    .add("id", model)
                    .add("object", "model")
                    .add("created", createdAt)
                    .add("owned_by", OWNER)
                    .add("active", true)
                    .add("context_window", 131_072)
                    .addNull("public_apps")
                    .add("max_completion_tokens", 32_768));
        }
        call.sendJson(200, Json.BUILDERS.createObjectBuilder().add("object", "list").add("data", data).build());
    }
}
