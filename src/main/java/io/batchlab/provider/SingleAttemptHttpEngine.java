package io.batchlab.provider;

import jakarta.ws.rs.client.ClientBuilder;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.jboss.resteasy.client.jaxrs.ResteasyClientBuilder;
import org.jboss.resteasy.client.jaxrs.engines.ClientHttpEngineBuilder43;

/**
 * RESTEasy's default HTTP engine (Apache HttpClient) silently repeats idempotent requests up to three times when a
 * connection drops, underneath {@link ProviderCallPolicy}. That would multiply the retries and hide them from its log,
 * so where RESTEasy is the REST client (Java SE and WildFly) the client gets the same engine with automatic retries
 * off. RESTEasy's MicroProfile client uses a registered {@code ClientHttpEngine} instance as its engine.
 */
final class SingleAttemptHttpEngine {

    private static final Logger LOG = Logger.getLogger(SingleAttemptHttpEngine.class.getName());

    private SingleAttemptHttpEngine() {
    }

    /** RESTEasy 6.2 marks its Apache engine classes for removal, yet they are the engine it uses by default. */
    @SuppressWarnings("removal")
    static RestClientBuilder registerIfAvailable(RestClientBuilder builder, ProviderSettings settings) {
        try {
            if (ClientBuilder.newBuilder() instanceof ResteasyClientBuilder resteasy) {
                resteasy.disableAutomaticRetries()
                        .connectionPoolSize(settings.maxConcurrency())
                        .maxPooledPerRoute(settings.maxConcurrency())
                        .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
                return builder.register(new ClientHttpEngineBuilder43().resteasyClientBuilder(resteasy).build());
            }
            LOG.fine("The REST client is not RESTEasy; keeping its default engine");
        } catch (LinkageError e) {
            LOG.fine(() -> "RESTEasy's client classes are not visible (" + e + "); keeping the default engine");
        }
        return builder;
    }
}
