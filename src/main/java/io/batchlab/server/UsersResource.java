package io.batchlab.server;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * One user under {@code /api/users/{userId}}: {@code GET} their runs with, per run, their requests and each one's
 * answer or error (the dashboard's user view); {@code GET /runs} the runs they take part in, oldest first (the
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

    @GET
    @Path("runs")
    public RunList runs(@PathParam("userId") String userId) {
        return runs.runsOf(userId);
    }
}
