package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobParameterRulesTest {

    /** What WildFly sets, and what makes batchlab act as on a server. */
    private static final String WILDFLY_MARK = "jboss.server.base.dir";

    @AfterEach
    void leaveTheServer() {
        System.clearProperty(WILDFLY_MARK);
    }

    @Test
    void documentedParametersAndJberetsOwnPass() {
        assertThatCode(() -> JobParameterRules.check(parameters(Map.of("runId", "20240408_CT_DS70B_001",
                "chunkSize", "50", "partitions", "2", "submit", "false", "retryLimit", "0",
                "jberet.restart.mode", "force", "experimentsRoot", "/tmp/x", "maxCost", "2.50"))))
                .doesNotThrowAnyException();
    }

    @Test
    void unknownNamesAndMalformedValuesAreAllNamed() {
        assertThatThrownBy(() -> JobParameterRules.check(parameters(Map.of("providerBaseUrl", "http://x",
                "chunkSize", "0", "partitions", "two", "submit", "yes", "maxCost", "-5"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown parameter providerBaseUrl")
                .hasMessageContaining("chunkSize must be a whole number from 1 to 999999")
                .hasMessageContaining("partitions must be a whole number")
                .hasMessageContaining("submit must be true or false")
                .hasMessageContaining("maxCost: '-5' is not an amount in USD greater than 0")
                .hasMessageContaining("Allowed: ");
    }

    @Test
    void onAServerTheExperimentsRootIsTheAdministratorsOnly() {
        // given
        System.setProperty(WILDFLY_MARK, "/opt/wildfly/standalone");

        // then
        assertThatThrownBy(() -> JobParameterRules.check(parameters(Map.of("runId", "20240408_CT_DS70B_001",
                "experimentsRoot", "/tmp/elsewhere"))))
                .hasMessageContaining("experimentsRoot cannot be set on the server");
    }

    private static Properties parameters(Map<String, String> values) {
        Properties parameters = new Properties();
        parameters.putAll(values);
        return parameters;
    }
}
