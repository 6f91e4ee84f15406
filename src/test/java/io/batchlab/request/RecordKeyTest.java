package io.batchlab.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.batchlab.store.UserId;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordKeyTest {

    private static final UserId USER = new UserId("31499533");

    private static JsonObject record(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"post_id\": \"post-17\"}|post-17",
            "{\"post_id\": 17}|17",
            "{\"post_id\": 12345678901234567890}|12345678901234567890",
            "{\"post_id\": -3}|-3"})
    void aStringOrAWholeNumberIsTheKeyAsText(String json, String key) throws RequestBuildException {
        assertThat(RecordKey.of(USER, record(json), 4, "post_id")).isEqualTo(key);
    }

    @Test
    void withoutAKeyFieldARecordIsKnownByItsPosition() throws RequestBuildException {
        assertThat(RecordKey.of(USER, record("{\"post_id\": \"p\"}"), 4, null)).isEqualTo("4");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"id\": \"p\"}|has no field \"post_id\"",
            "{\"post_id\": null}|has null in \"post_id\"",
            "{\"post_id\": \"\"}|has an empty string in \"post_id\"",
            "{\"post_id\": 1.5}|has the number 1.5 (not a whole number) in \"post_id\"",
            "{\"post_id\": true}|has a boolean in \"post_id\"",
            "{\"post_id\": {\"a\": 1}}|has an object in \"post_id\"",
            "{\"post_id\": [1]}|has an array in \"post_id\""})
    void aRecordWithoutAUsableKeyCannotBeBuiltAndTheMessageSaysWhereAndWhy(String json, String found) {
        // when
        RequestBuildException e = catchThrowableOfType(() -> RecordKey.of(USER, record(json), 3, "post_id"),
                RequestBuildException.class);

        // then
        assertThat(e.user()).isEqualTo(USER);
        assertThat(e.getMessage()).isEqualTo("user 31499533, record 3 (in input order) " + found
                + ", the record key (input.record_key); every record needs it as a non-empty string or a whole number"
                + " of at most 256 characters");
    }

    @Test
    void aKeyLongerThanAnyIdIsRefused() throws RequestBuildException {
        // given
        String longest = "k".repeat(RecordKey.MAX_LENGTH);

        // when
        RequestBuildException e = catchThrowableOfType(() -> RecordKey.of(USER,
                record("{\"post_id\": \"" + longest + "x\"}"), 1, "post_id"), RequestBuildException.class);

        // then
        assertThat(RecordKey.of(USER, record("{\"post_id\": \"" + longest + "\"}"), 1, "post_id")).isEqualTo(longest);
        assertThat(e.getMessage()).contains("has 257 characters in \"post_id\"");
    }

    @Test
    void aCustomIdImpliesThePositionOrForPerUserTheUser() {
        assertThat(RecordKey.implied("r00042", USER)).contains("42");
        assertThat(RecordKey.implied("r123456", USER)).contains("123456");
        assertThat(RecordKey.implied(CustomId.WHOLE_USER, USER)).contains("31499533");
        assertThat(RecordKey.implied("x-1", USER)).isEmpty();
        assertThat(RecordKey.implied(null, USER)).isEmpty();
    }
}
