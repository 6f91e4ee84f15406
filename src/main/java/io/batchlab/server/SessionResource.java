package io.batchlab.server;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * {@code GET /api/me}: the caller and whether they are an operator, so the dashboard shows operator buttons only to
 * operators (the server refuses their requests to anyone else regardless). {@code batchlab serve} has no users: its
 * one local caller reads.
 */
@Path("me")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    static final String OPERATOR_ROLE = "batch-operator";

    @GET
    public Session me(@Context SecurityContext security) {
        Principal principal = security.getUserPrincipal();
        if (principal == null) {
            return new Session("local", false);
        }
        return new Session(principal.getName(), security.isUserInRole(OPERATOR_ROLE));
    }
}
