package io.batchlab.server;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/users/{userId}/runs}: the runs a user takes part in, oldest first (the experiments tree's user view). */
@RequestScoped
@Path("users/{userId}/runs")
@Produces(MediaType.APPLICATION_JSON)
public class UserRunsResource {

    @Inject
    RunOperations runs;

    public UserRunsResource() {
    }

    /** For {@code batchlab serve}, which has no CDI container. */
    public UserRunsResource(RunOperations runs) {
        this.runs = runs;
    }

    @GET
    public RunList runs(@PathParam("userId") String userId) {
        return runs.runsOf(userId);
    }
}
