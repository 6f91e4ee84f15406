package io.batchlab.emulator;

import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.util.List;

/** {@code /files}: upload (multipart), list, info, content download and delete. */
final class FilesEndpoints {

    private static final int MAX_FIELD_BYTES = 1024;

    private final FileStore files;
    private final CallCounter counter;

    FilesEndpoints(FileStore files, CallCounter counter) {
        this.files = files;
        this.counter = counter;
    }

    List<Route> routes() {
        return List.of(
                Route.of("POST", "/files", this::upload),
                Route.of("GET", "/files", this::list),
                Route.of("GET", "/files/{id}", call -> call.sendJson(200, files.get(call.pathParam(0)).toJson())),
                Route.of("GET", "/files/{id}/content", this::content),
                Route.of("DELETE", "/files/{id}", this::delete));
    }

    private void upload(ApiCall call) throws IOException {
        MultipartFormReader form = new MultipartFormReader(call.body(),
                MultipartFormReader.boundaryOf(call.requestHeader("Content-Type")));
        String purpose = null;
        String filename = null;
        FileStore.PendingFile pending = null;
        try {
            for (MultipartFormReader.Part part = form.nextPart(); part != null; part = form.nextPart()) {
                if ("purpose".equals(part.name())) {
                    purpose = form.readPartAsString(MAX_FIELD_BYTES).trim();
                } else if ("file".equals(part.name()) && pending == null) {
                    filename = part.filename() == null || part.filename().isBlank() ? "file" : part.filename();
                    pending = files.write(form::copyPart);
                }
            }
            if (pending == null) {
                throw ApiError.invalidRequest("missing_required_parameter", "file",
                        "the multipart form has no 'file' part; send the .jsonl as field 'file'");
            }
            if (!StoredFile.PURPOSE_BATCH.equals(purpose)) {
                throw ApiError.invalidRequest("invalid_value", "purpose", "purpose '" + purpose
                        + "' is not supported; upload batch input with purpose 'batch'");
            }
        } catch (IOException | RuntimeException e) {
            if (pending != null) {
                pending.content().discard();
            }
            throw e;
        }
        StoredFile file = files.add(pending, filename, purpose);
        counter.upload(filename);
        call.sendJson(200, file.toJson());
    }

    private void list(ApiCall call) throws IOException {
        String purpose = call.queryValue("purpose");
        JsonArrayBuilder data = Json.BUILDERS.createArrayBuilder();
        for (StoredFile file : files.list()) {
            if (purpose == null || purpose.equals(file.purpose())) {
                data.add(file.toJson());
            }
        }
        call.sendJson(200, Json.BUILDERS.createObjectBuilder().add("object", "list").add("data", data).build());
    }

    private void content(ApiCall call) throws IOException {
        StoredFile file = files.get(call.pathParam(0));
        call.sendBytes(file.content().open(), file.content().size());
    }

    private void delete(ApiCall call) throws IOException {
        StoredFile file = files.delete(call.pathParam(0));
        call.sendJson(200, Json.BUILDERS.createObjectBuilder()
                .add("id", file.id()).add("object", "file").add("deleted", true).build());
    }
}
