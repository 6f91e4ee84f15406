package io.batchlab.server;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * One user under {@code /api/users/{userId}}: {@code GET} their runs with, per run, the first page of their requests
 * and each one's answer or error (the dashboard's user view); {@code GET /runs/{runId}/requests?offset&limit} pages on
 * through one run's requests; {@code GET /runs} the runs they take part in, oldest first (the
 * experiments tree's user view).
 */
@RequestScoped
@Path("users/{userId}")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    @Inject
    RunOperations runs;

    public UsersResource() {
    }

    /** For {@code batchlab serve}, which has no CDI container. */
    public UsersResource(RunOperations runs) {
        this.runs = runs;
    }

    @GET
    public JsonObject user(@PathParam("userId") String userId) {
        return runs.user(userId);
    }

    /** A page of the user's requests in one run, in batch.jsonl order; at most 500 per page. */
    @GET
    @Path("runs/{runId}/requests")
    public JsonObject requests(@PathParam("userId") String userId, @PathParam("runId") String runId,
                               @QueryParam("offset") @DefaultValue("0") long offset,
                               @QueryParam("limit") @DefaultValue("50") int limit) {
        return runs.userRequests(userId, runId, offset, limit);
    }

    @GET
    @Path("runs")
    public RunList runs(@PathParam("userId") String userId) {
        return runs.runsOf(userId);
    }
}
