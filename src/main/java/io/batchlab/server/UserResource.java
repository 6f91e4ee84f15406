package io.batchlab.server;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/users/{userId}}: the user's runs with, per run, their requests and each one's answer or error. */
@RequestScoped
@Path("users/{userId}")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    @Inject
    RunOperations runs;

    public UserResource() {
    }

    /** For {@code batchlab serve}, which has no CDI container. */
    public UserResource(RunOperations runs) {
        this.runs = runs;
    }

    @GET
    public JsonObject user(@PathParam("userId") String userId) {
        return runs.user(userId);
    }
}
