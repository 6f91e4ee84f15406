package io.batchlab.provider;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/** Puts the API key into the Authorization header of every request, and nowhere else. */
final class AuthorizationFilter implements ClientRequestFilter {

    private final Secret apiKey;

    AuthorizationFilter(Secret apiKey) {
        this.apiKey = apiKey;
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey.reveal());
    }
}
