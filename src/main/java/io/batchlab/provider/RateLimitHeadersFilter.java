package io.batchlab.provider;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import java.util.function.Consumer;

/**
 * Hands the provider's {@code x-ratelimit-*-requests} headers of every answer — successes and errors alike, before
 * the exception mapper reads the body — to the pacing. Answers without them are passed over.
 */
final class RateLimitHeadersFilter implements ClientResponseFilter {

    private final Consumer<RateLimitHeaders> pacing;

    RateLimitHeadersFilter(Consumer<RateLimitHeaders> pacing) {
        this.pacing = pacing;
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        RateLimitHeaders.parse(response.getHeaderString(RateLimitHeaders.LIMIT),
                response.getHeaderString(RateLimitHeaders.REMAINING),
                response.getHeaderString(RateLimitHeaders.RESET)).ifPresent(pacing);
    }
}
