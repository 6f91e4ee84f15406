package io.batchlab.provider;

import io.batchlab.store.Deployment;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Where the API key may be sent. Checked before any call, whichever face started the run.
 *
 * <ul>
 *   <li>Base URLs listed in MicroProfile Config {@value #CONFIG_KEY} (comma-separated; on a server the default is
 *       Groq's {@value ProviderSettings#DEFAULT_BASE_URL}) are always allowed, as is an emulator this process started.
 *   <li>On a server nothing else is: an operator's config or job parameter cannot send the server's key elsewhere.
 *   <li>In Java SE the person running batchlab picks the provider in their own config, with one exception: plain HTTP
 *       to a port on this machine that this process did not start — typically the built-in emulator's port recorded in
 *       a config copied from an earlier run, where anything could listen now.
 * </ul>
 */
public final class AllowedProviders {

    public static final String CONFIG_KEY = "batchlab.provider.allowed-base-urls";
    private static final Set<String> STARTED_HERE = ConcurrentHashMap.newKeySet();

    private AllowedProviders() {
    }

    /** An emulator (or other stand-in) this process started and may send its key to. */
    public static void startedHere(URI baseUrl) {
        STARTED_HERE.add(normal(baseUrl));
    }

    /** @throws ProviderNotAllowedException with what to do, before anything is sent */
    public static void check(URI baseUrl) {
        String url = normal(baseUrl);
        Set<String> listed = listed();
        if (listed.contains(url) || STARTED_HERE.contains(url)) {
            return;
        }
        if (Deployment.onServer()) {
            throw new ProviderNotAllowedException("provider.base_url " + baseUrl + " is not one of the providers this "
                    + "server sends its API key to (" + String.join(", ", listed) + "); an administrator can add it "
                    + "to " + CONFIG_KEY);
        }
        if ("http".equals(baseUrl.getScheme()) && isThisMachine(baseUrl.getHost())) {
            throw new ProviderNotAllowedException("provider.base_url " + baseUrl + " is plain HTTP to a port on this "
                    + "machine that this batchlab process did not start (an emulator recorded in an earlier run's "
                    + "config?): your API key would be sent to whatever listens there now. Remove provider.base_url "
                    + "to use Groq, run with --emulator for the built-in emulator, or allow it explicitly with "
                    + "BATCHLAB_PROVIDER_ALLOWED_BASE_URLS=" + url);
        }
    }

    private static Set<String> listed() {
        Optional<String> value;
        try {
            value = ConfigProvider.getConfig().getOptionalValue(CONFIG_KEY, String.class);
        } catch (IllegalStateException | ServiceConfigurationError noConfigImplementation) {
            value = Optional.ofNullable(System.getProperty(CONFIG_KEY));
        }
        return Arrays.stream(value.filter(v -> !v.isBlank()).orElse(ProviderSettings.DEFAULT_BASE_URL).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(s -> normal(URI.create(s)))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Scheme, host, port and path as compared: lower case, the scheme's default port spelled out, no trailing /. */
    static String normal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        return scheme + "://" + host + ":" + port + path;
    }

    private static boolean isThisMachine(String host) {
        if (host == null) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
