package io.batchlab.store;

import java.util.Optional;
import java.util.ServiceConfigurationError;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Who the process works for. On an application server, operators send paths, parameters and configs over the network
 * and may not read the server's files or steer its key: file contents stay out of messages, reads are confined to
 * the data roots, internal job parameters are refused. In Java SE the person who runs batchlab owns the files, the key
 * and the tree, so none of that applies.
 *
 * <p>The server is recognised by WildFly's {@code jboss.server.base.dir} or Open Liberty's {@code wlp.server.name}
 * system property; MicroProfile Config {@value #SERVER_KEY}{@code =true} declares any other runtime a server.
 */
public final class Deployment {

    public static final String SERVER_KEY = "batchlab.server";

    private Deployment() {
    }

    public static boolean onServer() {
        return System.getProperty("jboss.server.base.dir") != null
                || System.getProperty("wlp.server.name") != null
                || declared().map(Boolean::parseBoolean).orElse(false);
    }

    /** {@code text} in quotes for the file's owner; on the server only its length, never file content. */
    public static String quote(String text) {
        return onServer() ? "(" + text.length() + " characters, not shown)" : "'" + text + "'";
    }

    private static Optional<String> declared() {
        try {
            return ConfigProvider.getConfig().getOptionalValue(SERVER_KEY, String.class);
        } catch (IllegalStateException | ServiceConfigurationError noConfigImplementation) {
            return Optional.ofNullable(System.getProperty(SERVER_KEY));
        }
    }
}
