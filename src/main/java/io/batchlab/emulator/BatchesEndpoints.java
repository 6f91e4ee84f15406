package io.batchlab.emulator;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.util.List;

/** {@code /batches}: create, retrieve, list (paged by cursor) or multi-get by id, cancel. */
final class BatchesEndpoints {

    static final int MAX_IDS = 200;
    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 200;

    private final BatchStore batches;
    private final CallCounter counter;

    BatchesEndpoints(BatchStore batches, CallCounter counter) {
        this.batches = batches;
        this.counter = counter;
    }

    List<Route> routes() {
        return List.of(
                Route.of("POST", "/batches", this::create),
                Route.of("GET", "/batches", this::list),
                Route.of("GET", "/batches/{id}", call -> call.sendJson(200,
                        batches.toJson(batches.get(call.pathParam(0))))),
                Route.of("POST", "/batches/{id}/cancel", call -> call.sendJson(200,
                        batches.cancel(call.pathParam(0)))));
    }

    private void create(ApiCall call) throws IOException {
        EmulatedBatch batch = batches.create(call.readJsonObject());
        counter.batchCreated(batch.metadata().get("run_id"), EmulatedBatch.submitter(batch.metadata()));
        counter.requestsReceived(batch.metadata().get("run_id"), EmulatedBatch.submitter(batch.metadata()),
                batch.input().requests().stream().map(BatchInput.Request::customId).toList());
        call.sendJson(200, batches.toJson(batch));
    }

    private void list(ApiCall call) throws IOException {
        List<String> ids = call.queryValues("id");
        if (!ids.isEmpty()) {
            multiGet(call, ids);
            return;
        }
        int limit = limit(call.queryValue("limit"));
        String cursor = call.queryValue("cursor") != null ? call.queryValue("cursor") : call.queryValue("after");
        List<EmulatedBatch> all = batches.newestFirst();
        int start = 0;
        if (cursor != null && !cursor.isEmpty()) {
            start = indexOf(all, cursor) + 1;
        }
        List<EmulatedBatch> page = all.subList(Math.min(start, all.size()), Math.min(start + limit, all.size()));
        boolean more = start + page.size() < all.size();
        JsonArrayBuilder data = Json.BUILDERS.createArrayBuilder();
        for (EmulatedBatch batch : page) {
            data.add(batches.toJson(batch));
        }
        JsonObjectBuilder paging = Json.BUILDERS.createObjectBuilder();
        JsonObjectBuilder body = Json.BUILDERS.createObjectBuilder().add("object", "list").add("data", data);
        if (more) {
            paging.add("next_cursor", page.get(page.size() - 1).id());
        }
        if (!page.isEmpty()) {
            body.add("first_id", page.get(0).id()).add("last_id", page.get(page.size() - 1).id());
        }
        call.sendJson(200, body.add("has_more", more).add("paging", paging).build());
    }

    private void multiGet(ApiCall call, List<String> ids) throws IOException {
        if (ids.size() > MAX_IDS) {
            throw ApiError.invalidRequest("invalid_value", "id",
                    ids.size() + " ids were asked for; at most " + MAX_IDS + " batches can be fetched per call");
        }
        JsonArrayBuilder data = Json.BUILDERS.createArrayBuilder();
        for (String id : ids) {
            var batch = batches.find(id);
            if (batch.isPresent()) {
                data.add(batches.toJson(batch.get()));
            }
        }
        JsonObject body = Json.BUILDERS.createObjectBuilder().add("object", "list").add("data", data)
                .add("has_more", false).add("paging", Json.BUILDERS.createObjectBuilder()).build();
        call.sendJson(200, body);
    }

    private static int indexOf(List<EmulatedBatch> all, String cursor) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id().equals(cursor)) {
                return i;
            }
        }
        throw ApiError.invalidRequest("invalid_value", "cursor",
                "cursor '" + cursor + "' is not a batch id from an earlier page");
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_PAGE;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_PAGE) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiError.invalidRequest("invalid_value", "limit", "limit '" + text + "' must be 1 to " + MAX_PAGE);
    }
}
