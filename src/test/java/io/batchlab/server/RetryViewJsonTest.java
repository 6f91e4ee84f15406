package io.batchlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The retry answer as the runs API writes it: whether anything started decides the status code, not the body. */
class RetryViewJsonTest {

    @Test
    void aRetryAnsweredByAnotherProcessHasNoExecutionAndDoesNotSendItsStartedFlag() throws IOException {
        // given: batchlab serve's retry, whose job runs in a batchlab retry process
        RetryView view = new RetryView("20240408_CT_DS70B_001", 2, 5, null, "asking again 5 unanswered requests of 2 users",
                true);

        // when
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RunsApiJson().writeTo(view, RetryView.class, RetryView.class, new Annotation[0],
                MediaType.APPLICATION_JSON_TYPE, null, out);

        // then
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"run_id\":\"20240408_CT_DS70B_001\",\"users\":2,"
                + "\"requests\":5,\"job_execution_id\":null,\"message\":\"asking again 5 unanswered requests of 2 users\"}");
    }
}
