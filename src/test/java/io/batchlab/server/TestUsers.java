package io.batchlab.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;

/**
 * Users for the ITs, written the way {@code bin/add-user.sh} writes them (hashed properties files), with passwords
 * drawn anew for each test JVM and removed again afterwards, so no known credential stays in target/server.
 */
public class TestUsers implements ServerSetupTask {

    /** A user name with its clear-text password, for HTTP BASIC and DIGEST. */
    record Credentials(String name, String password) {

        String basicAuthorization() {
            return "Basic " + Base64.getEncoder()
                    .encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }

    static final Credentials VIEWER = new Credentials("it-viewer", randomPassword());
    static final Credentials OPERATOR = new Credentials("it-operator", randomPassword());
    static final Credentials ADMIN = new Credentials("it-admin", randomPassword());

    private static final String APPLICATION_REALM = "ApplicationRealm";
    private static final String MANAGEMENT_REALM = "ManagementRealm";

    @Override
    public void setup(ManagementClient client, String containerId) throws Exception {
        addUser(APPLICATION_REALM, "application", VIEWER, "batch-viewer");
        addUser(APPLICATION_REALM, "application", OPERATOR, "batch-operator");
        addUser(MANAGEMENT_REALM, "mgmt", ADMIN, "");
        reloadRealms(client);
    }

    @Override
    public void tearDown(ManagementClient client, String containerId) throws Exception {
        for (String file : List.of("application-users", "application-roles", "mgmt-users", "mgmt-groups")) {
            removeUsers(configurationFile(file + ".properties"));
        }
        reloadRealms(client);
    }

    private static void addUser(String realm, String filePrefix, Credentials user, String roles) throws IOException {
        append(configurationFile(filePrefix + "-users.properties"), user.name() + "=" + passwordHash(realm, user));
        append(configurationFile(filePrefix + (filePrefix.equals("mgmt") ? "-groups" : "-roles") + ".properties"),
                user.name() + "=" + roles);
    }

    /** The realms read their files at boot; the ITs' server is already running. */
    private void reloadRealms(ManagementClient client) throws IOException {
        for (String realm : List.of(APPLICATION_REALM, MANAGEMENT_REALM)) {
            ModelNode load = new ModelNode();
            load.get("operation").set("load");
            load.get("address").add("subsystem", "elytron").add("properties-realm", realm);
            executeOperation(client, load);
        }
    }

    private static void removeUsers(Path file) throws IOException {
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (List.of(VIEWER, OPERATOR, ADMIN).stream().noneMatch(user -> line.startsWith(user.name() + "="))) {
                kept.add(line);
            }
        }
        Files.write(file, kept, StandardCharsets.UTF_8);
    }

    private static void append(Path file, String line) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.add(line);
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static Path configurationFile(String name) {
        return Path.of(System.getProperty("jboss.home"), "standalone", "configuration", name);
    }

    /** add-user's format: HEX(MD5(user ':' realm ':' password)). */
    private static String passwordHash(String realm, Credentials user) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(
                    (user.name() + ":" + realm + ":" + user.password()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM has no MD5, which add-user's file format needs", e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
