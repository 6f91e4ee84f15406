package io.batchlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;

/** The batch-jberet operations of WildFly's management API, as jboss-cli and the HTTP management API send them. */
final class BatchManagement {

    private BatchManagement() {
    }

    /** {@code /deployment=D/subsystem=batch-jberet:start-job(job-xml-name=experiment, properties={...})}. */
    static ModelNode startJob(Map<String, String> properties) {
        ModelNode operation = operation("start-job");
        operation.get("job-xml-name").set("experiment");
        properties.forEach((key, value) -> operation.get("properties").get(key).set(value));
        return operation;
    }

    /** Starts the experiment job with {@code properties}; the job execution id. */
    static long start(ManagementClient client, Map<String, String> properties) throws IOException {
        return execute(client, startJob(properties)).asLong();
    }

    /** An operation on the batch subsystem of the ITs' deployment. */
    static ModelNode operation(String name) {
        ModelNode operation = new ModelNode();
        operation.get("operation").set(name);
        operation.get("address").add("deployment", SmokeJobDeployment.NAME).add("subsystem", "batch-jberet");
        return operation;
    }

    /** The operation's result; fails the test with the server's description when it did not succeed. */
    static ModelNode execute(ManagementClient client, ModelNode operation) throws IOException {
        ModelNode response = client.getControllerClient().execute(operation);
        assertThat(response.get("outcome").asString()).as("%s -> %s", operation, response).isEqualTo("success");
        return response.get("result");
    }
}
