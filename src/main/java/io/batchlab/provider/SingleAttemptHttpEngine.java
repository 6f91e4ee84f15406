package io.batchlab.provider;

import java.util.logging.Logger;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.HttpClientBuilder;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.jboss.resteasy.client.jaxrs.engines.ApacheHttpClient43Engine;

/**
 * RESTEasy's default HTTP engine (Apache HttpClient) silently repeats idempotent requests up to three times when a
 * connection drops, underneath {@link ProviderCallPolicy}. That would multiply the retries and hide them from its log,
 * so where RESTEasy's engine is present (Java SE and WildFly) the client gets an engine that makes exactly one attempt.
 * RESTEasy uses a registered {@code ClientHttpEngine} instance as the client's engine.
 */
final class SingleAttemptHttpEngine {

    private static final Logger LOG = Logger.getLogger(SingleAttemptHttpEngine.class.getName());

    private SingleAttemptHttpEngine() {
    }

    static RestClientBuilder registerIfAvailable(RestClientBuilder builder, ProviderSettings settings) {
        try {
            return builder.register(engine(settings));
        } catch (LinkageError e) {
            LOG.fine(() -> "RESTEasy's Apache engine is not visible (" + e + "); keeping the REST client's default engine");
            return builder;
        }
    }

    private static Object engine(ProviderSettings settings) {
        RequestConfig timeouts = RequestConfig.custom()
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setSocketTimeout((int) settings.readTimeout().toMillis())
                .build();
        return new ApacheHttpClient43Engine(HttpClientBuilder.create()
                .disableAutomaticRetries()
                .disableContentCompression()
                .setDefaultRequestConfig(timeouts)
                .setMaxConnPerRoute(settings.maxConcurrency())
                .setMaxConnTotal(settings.maxConcurrency())
                .useSystemProperties()
                .build(), true);
    }
}
