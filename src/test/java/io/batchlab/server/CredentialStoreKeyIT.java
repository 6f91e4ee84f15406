package io.batchlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.emulator.GroqEmulator;
import io.batchlab.provider.ProviderSettings;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatus.State;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * server-config/README.md's credential-store recipe, step by step on the provisioned server: the key stored encrypted
 * as the system property {@code batchlab.provider.api-key} is the key a run sends to the provider, and
 * standalone.xml holds only its ciphertext. The provider is the emulator in this JVM, which records the bearer
 * tokens it receives. The deployment goes in after the recipe, as on a server configured before it deploys.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CredentialStoreKeyIT {

    private static final String DEPLOYMENT = "credential-store-key";
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(250);

    @ArquillianResource
    ManagementClient managementClient;

    @ArquillianResource
    Deployer deployer;

    /** Undo steps, last first: the server is shared with the ITs that follow. */
    private final Deque<Undo> undo = new ArrayDeque<>();
    private GroqEmulator emulator;

    @FunctionalInterface
    private interface Undo {
        void run() throws IOException;
    }

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    static WebArchive deployment() {
        return SmokeJobDeployment.create();
    }

    @AfterEach
    void putTheServerBack() throws IOException {
        try {
            while (!undo.isEmpty()) {
                undo.pop().run();
            }
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
    }

    @Test
    void theKeyInTheCredentialStoreIsTheKeyTheProviderGetsAndStandaloneXmlHoldsOnlyItsCiphertext() throws Exception {
        // given: the README's recipe with a fresh key; the emulator on the port the server's allow-list names
        String key = "gsk_it_credential_store_" + UUID.randomUUID().toString().replace("-", "");
        emulator = ExperimentWorkspace.startEmulator(ExperimentWorkspace.quickBatches(Duration.ofMillis(300)));
        String expression = storeEncrypted(key);
        setSystemProperty(ProviderSettings.API_KEY, expression);
        deployer.deploy(DEPLOYMENT);
        undo.push(() -> deployer.undeploy(DEPLOYMENT));
        List<String> users = ExperimentWorkspace.users("credential-store", 2);
        Path config = ExperimentWorkspace.writeConfig("credential-store", emulator.baseUri(), users);

        // when
        long execution = BatchManagement.start(managementClient, Map.of("config", config.toString()));

        // then: the run completes, and every call reached the provider with the stored key and no other
        RunId run = await().atMost(DEADLINE).pollInterval(POLL)
                .until(() -> ExperimentWorkspace.runOfExecution(execution), found -> found.isPresent()).orElseThrow();
        RunStatus finished = await().atMost(DEADLINE).pollInterval(POLL)
                .until(() -> ExperimentWorkspace.status(run), status -> status.state() == State.COMPLETED);
        assertThat(finished.counts().completed()).isEqualTo(users.size());
        assertThat(emulator.bearerTokens()).as("bearer tokens the provider received").containsExactly(key);

        // then: the server's configuration holds the expression, never the key
        String standaloneXml = Files.readString(ExperimentWorkspace.jbossHome()
                .resolve("standalone/configuration/standalone.xml"), StandardCharsets.UTF_8);
        assertThat(standaloneXml).contains(expression);
        assertThat(standaloneXml.contains(key)).as("standalone.xml contains the clear-text key").isFalse();
    }

    /**
     * The recipe's first three steps: a credential store with a generated secret key, an expression resolver on it,
     * and the key encrypted into an {@code ${ENC::...}} expression.
     */
    private String storeEncrypted(String key) throws IOException {
        ModelNode store = operation("add", "subsystem", "elytron", "secret-key-credential-store", "batchlab-secrets");
        store.get("path").set("batchlab-secrets.cs");
        store.get("relative-to").set("jboss.server.config.dir");
        store.get("create").set(true);
        store.get("populate").set(true);
        execute(store);
        undo.push(() -> {
            execute(operation("remove", "subsystem", "elytron", "secret-key-credential-store", "batchlab-secrets"));
            Files.deleteIfExists(ExperimentWorkspace.jbossHome()
                    .resolve("standalone/configuration/batchlab-secrets.cs"));
        });

        ModelNode resolver = operation("add", "subsystem", "elytron", "expression", "encryption");
        ModelNode batchlab = new ModelNode();
        batchlab.get("name").set("batchlab");
        batchlab.get("credential-store").set("batchlab-secrets");
        batchlab.get("secret-key").set("key");
        resolver.get("resolvers").add(batchlab);
        execute(resolver);
        undo.push(() -> execute(operation("remove", "subsystem", "elytron", "expression", "encryption")));

        ModelNode encrypt = operation("create-expression", "subsystem", "elytron", "expression", "encryption");
        encrypt.get("resolver").set("batchlab");
        encrypt.get("clear-text").set(key);
        String expression = execute(encrypt).get("expression").asString();
        assertThat(expression).startsWith("${ENC::batchlab:").doesNotContain(key);
        return expression;
    }

    /**
     * The recipe's last step, {@code /system-property=NAME:add(value=...)}, undone afterwards. WildFly clears a removed
     * system property from the JVM, so a value the server was started with (-D) would be put back as a resource
     * (arquillian.xml passes none: the ITs' key comes from the environment).
     */
    private void setSystemProperty(String name, String value) throws IOException {
        String jvmBefore = jvmSystemProperty(name);
        ModelNode read = operation("read-attribute", "system-property", name);
        read.get("name").set("value");
        ModelNode existing = managementClient.getControllerClient().execute(read);
        boolean resourceBefore = "success".equals(existing.get("outcome").asString());
        if (resourceBefore) {
            execute(writeValue(name, value));
        } else {
            ModelNode add = operation("add", "system-property", name);
            add.get("value").set(value);
            execute(add);
        }
        undo.push(() -> {
            if (resourceBefore) {
                execute(writeValue(name, existing.get("result").asString()));
            } else {
                execute(operation("remove", "system-property", name));
                if (jvmBefore != null && !jvmBefore.equals(jvmSystemProperty(name))) {
                    ModelNode restore = operation("add", "system-property", name);
                    restore.get("value").set(jvmBefore);
                    execute(restore);
                }
            }
            assertThat(jvmSystemProperty(name)).as("%s after the test", name).isEqualTo(jvmBefore);
        });
    }

    private static ModelNode writeValue(String name, String value) {
        ModelNode write = operation("write-attribute", "system-property", name);
        write.get("name").set("value");
        write.get("value").set(value);
        return write;
    }

    private String jvmSystemProperty(String name) throws IOException {
        ModelNode read = operation("read-attribute", "core-service", "platform-mbean", "type", "runtime");
        read.get("name").set("system-properties");
        ModelNode properties = execute(read);
        return properties.has(name) ? properties.get(name).asString() : null;
    }

    /** An operation on the address given as type, name, type, name, ... */
    private static ModelNode operation(String name, String... address) {
        ModelNode operation = new ModelNode();
        operation.get("operation").set(name);
        ModelNode path = operation.get("address").setEmptyList();
        for (int i = 0; i < address.length; i += 2) {
            path.add(address[i], address[i + 1]);
        }
        return operation;
    }

    /** The operation's result; fails with the server's description when it did not succeed. */
    private ModelNode execute(ModelNode operation) throws IOException {
        ModelNode response = managementClient.getControllerClient().execute(operation);
        assertThat(response.get("outcome").asString()).as("%s -> %s", redacted(operation), response)
                .isEqualTo("success");
        return response.get("result");
    }

    /** The operation as text without the clear-text key, for failure messages. */
    private static String redacted(ModelNode operation) {
        ModelNode copy = operation.clone();
        if (copy.has("clear-text")) {
            copy.get("clear-text").set("(not shown)");
        }
        return copy.toString();
    }
}
