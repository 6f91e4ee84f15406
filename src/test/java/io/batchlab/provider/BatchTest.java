package io.batchlab.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchTest {

    @Test
    void parsesEveryDocumentedFieldOfACompletedBatchAndKeepsTheBodyVerbatim() {
        // given
        var json = RecordedBodies.json("batch-completed.json");

        // when
        Batch batch = Batch.fromJson(json);

        // then
        assertThat(batch.id()).isEqualTo("batch_01jh6xa7reempvjyh6n3yst2zw");
        assertThat(batch.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(batch.endpoint()).isEqualTo("/v1/chat/completions");
        assertThat(batch.inputFileId()).isEqualTo("file_01jh6x76wtemjr74t1fh0faj5t");
        assertThat(batch.outputFileId()).isEqualTo("file_01jh6xa97be52b7pg88czwrrwb");
        assertThat(batch.errorFileId()).as("\"\" means no file").isNull();
        assertThat(batch.completionWindow()).isEqualTo("24h");
        assertThat(batch.createdAt()).isEqualTo(Instant.ofEpochSecond(1736472600));
        assertThat(batch.inProgressAt()).isEqualTo(Instant.ofEpochSecond(1736472900));
        assertThat(batch.finalizingAt()).isEqualTo(Instant.ofEpochSecond(1736472960));
        assertThat(batch.completedAt()).isEqualTo(Instant.ofEpochSecond(1736472990));
        assertThat(batch.expiresAt()).isEqualTo(Instant.ofEpochSecond(1736559000));
        assertThat(batch.failedAt()).isNull();
        assertThat(batch.cancelledAt()).isNull();
        assertThat(batch.counts()).isEqualTo(new RequestCounts(3, 3, 0));
        assertThat(batch.errors()).isEmpty();
        assertThat(batch.metadata()).containsExactlyInAnyOrderEntriesOf(
                Map.of("run_id", "20240408_CT_DS70B_001", "user_id", "u001"));
        assertThat(batch.raw()).isEqualTo(json);
        assertThat(batch.raw().getString("project_id")).isEqualTo("project_01hzgzj4fbf7mshp2fdyzwn5vz");
    }

    @Test
    void readsErrorsGivenAsABareArrayAsInGroqsDocs() {
        // when
        Batch batch = Batch.fromJson(RecordedBodies.json("batch-errors-bare-array.json"));

        // then
        assertThat(batch.errors()).containsExactly(new BatchError("invalid_method",
                "Invalid value: 'GET'. Supported values are: 'POST'", "method", 4));
        assertThat(batch.counts()).isEqualTo(new RequestCounts(3, 2, 1));
        assertThat(batch.metadata()).as("metadata null").isEmpty();
        assertThat(batch.errorFileId()).isEqualTo("file_01jh6xa97be52b7pg88czwrrwd");
    }

    @Test
    void readsErrorsGivenAsAListObjectAsInTheSdkModel() {
        // when
        Batch batch = Batch.fromJson(RecordedBodies.json("batch-errors-list-object.json"));

        // then
        assertThat(batch.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(batch.errors()).extracting(BatchError::code, BatchError::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("invalid_method", 4),
                        org.assertj.core.groups.Tuple.tuple("missing_required_parameter", 9));
        assertThat(batch.outputFileId()).as("null means no file").isNull();
        assertThat(batch.errorFileId()).isNull();
    }

    @Test
    void treatsAnEmptyObjectFileIdAsNoFileAndKeepsFractionalTimestamps() {
        // when
        Batch batch = Batch.fromJson(RecordedBodies.json("batch-empty-object-file-ids.json"));

        // then
        assertThat(batch.status()).isEqualTo(BatchStatus.EXPIRED);
        assertThat(batch.outputFileId()).isNull();
        assertThat(batch.errorFileId()).isEqualTo("file_01jh6xa97be52b7pg88czwrrwe");
        assertThat(batch.errors()).as("errors {}").isEmpty();
        assertThat(batch.createdAt()).isEqualTo(Instant.ofEpochSecond(1736472600, 500_000_000));
        assertThat(batch.metadata()).as("metadata absent").isEmpty();
    }

    @Test
    void mapsAnUnknownStatusToUnknownWhichIsNotTerminal() {
        // when
        Batch batch = Batch.fromJson(RecordedBodies.json("batch-unknown-status.json"));

        // then
        assertThat(batch.status()).isEqualTo(BatchStatus.UNKNOWN);
        assertThat(batch.status().terminal()).isFalse();
        assertThat(batch.raw().getString("status")).isEqualTo("queued_for_capacity");
        assertThat(batch.counts()).isEqualTo(RequestCounts.NONE);
    }

    @Test
    void rejectsABatchWithoutAnIdNamingTheMissingKey() {
        // given
        var json = Json.createObjectBuilder().add("object", "batch").add("status", "completed").build();

        // when / then
        assertThatThrownBy(() -> Batch.fromJson(json))
                .isInstanceOf(ProviderInvalidResponseException.class)
                .hasMessageContaining("batch without \"id\"");
    }

    @ParameterizedTest
    @CsvSource({
            "validating, VALIDATING, false", "in_progress, IN_PROGRESS, false", "finalizing, FINALIZING, false",
            "completed, COMPLETED, true", "failed, FAILED, true", "expired, EXPIRED, true",
            "cancelling, CANCELLING, false", "cancelled, CANCELLED, true"})
    void knowsWhichStatusesAreTerminal(String wire, BatchStatus expected, boolean terminal) {
        // when
        BatchStatus status = BatchStatus.fromWire(wire);

        // then
        assertThat(status).isEqualTo(expected);
        assertThat(status.terminal()).isEqualTo(terminal);
        assertThat(status.wireName()).isEqualTo(wire);
    }

    @Test
    void keepsNonStringMetadataValuesAsTheirJsonText() {
        // given
        var json = Json.createObjectBuilder().add("id", "batch_1").add("status", "completed")
                .add("metadata", Json.createObjectBuilder().add("attempt", 2).addNull("gone")).build();

        // when
        Batch batch = Batch.fromJson(json);

        // then
        assertThat(batch.metadata()).isEqualTo(Map.of("attempt", "2"));
        assertThat(batch.errors()).isEqualTo(List.of());
    }
}
