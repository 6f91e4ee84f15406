package io.batchlab.emulator;

import jakarta.json.JsonObject;

/** A file of the Files API: its metadata and content. */
record StoredFile(String id, String filename, String purpose, long createdAt, FileContent content) {

    static final String PURPOSE_BATCH = "batch";
    static final String PURPOSE_BATCH_OUTPUT = "batch_output";

    JsonObject toJson() {
        return Json.BUILDERS.createObjectBuilder()
                .add("id", id)
                .add("object", "file")
                .add("bytes", content.size())
                .add("created_at", createdAt)
                .add("filename", filename)
                .add("purpose", purpose)
                .build();
    }
}
