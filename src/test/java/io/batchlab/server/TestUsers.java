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

    /** The server's two properties realms and their files under standalone/configuration. */
    private enum Realm {
        APPLICATION("ApplicationRealm", "application-users.properties", "application-roles.properties"),
        MANAGEMENT("ManagementRealm", "mgmt-users.properties", "mgmt-groups.properties");

        final String name;
        final String usersFile;
        final String rolesFile;

        Realm(String name, String usersFile, String rolesFile) {
            this.name = name;
            this.usersFile = usersFile;
            this.rolesFile = rolesFile;
        }
    }

    static final Credentials VIEWER = new Credentials("it-viewer", randomPassword());
    static final Credentials OPERATOR = new Credentials("it-operator", randomPassword());
    static final Credentials ADMIN = new Credentials("it-admin", randomPassword());

    private static final List<Credentials> ALL = List.of(VIEWER, OPERATOR, ADMIN);

    @Override
    public void setup(ManagementClient client, String containerId) throws Exception {
        addTo(defaultHome());
        reloadRealms(client);
    }

    /** Writes the users into a server that is not running yet (the cluster ITs' nodes: {@link WildFlyNode}). */
    static void addTo(Path jbossHome) throws IOException {
        addUser(jbossHome, Realm.APPLICATION, VIEWER, "batch-viewer");
        addUser(jbossHome, Realm.APPLICATION, OPERATOR, "batch-operator");
        addUser(jbossHome, Realm.MANAGEMENT, ADMIN, "");
    }

    @Override
    public void tearDown(ManagementClient client, String containerId) throws Exception {
        for (Realm realm : Realm.values()) {
            removeTestUsers(configurationFile(defaultHome(), realm.usersFile));
            removeTestUsers(configurationFile(defaultHome(), realm.rolesFile));
        }
        reloadRealms(client);
    }

    private static void addUser(Path home, Realm realm, Credentials user, String roles) throws IOException {
        append(configurationFile(home, realm.usersFile), user.name() + "=" + passwordHash(realm, user));
        append(configurationFile(home, realm.rolesFile), user.name() + "=" + roles);
    }

    /** The realms notice changed files on their own, but only on their next use: load them now, deterministically. */
    private void reloadRealms(ManagementClient client) throws IOException {
        for (Realm realm : Realm.values()) {
            ModelNode load = new ModelNode();
            load.get("operation").set("load");
            load.get("address").add("subsystem", "elytron").add("properties-realm", realm.name);
            executeOperation(client, load);
        }
    }

    private static void removeTestUsers(Path file) throws IOException {
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (ALL.stream().noneMatch(user -> line.startsWith(user.name() + "="))) {
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

    private static Path configurationFile(Path home, String name) {
        return home.resolve("standalone").resolve("configuration").resolve(name);
    }

    private static Path defaultHome() {
        return Path.of(System.getProperty("jboss.home"));
    }

    /** add-user's format: HEX(MD5(user ':' realm ':' password)). */
    private static String passwordHash(Realm realm, Credentials user) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(
                    (user.name() + ":" + realm.name + ":" + user.password()).getBytes(StandardCharsets.UTF_8));
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
