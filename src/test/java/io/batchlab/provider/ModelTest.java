package io.batchlab.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void parsesGroqModelsIncludingTheActiveFlagAndContextWindow() {
        // given
        var data = RecordedBodies.json("models.json").getJsonArray("data");

        // when
        Model llama = Model.fromJson(data.getJsonObject(0));
        Model retired = Model.fromJson(data.getJsonObject(1));

        // then
        assertThat(llama.id()).isEqualTo("llama-3.3-70b-versatile");
        assertThat(llama.ownedBy()).isEqualTo("Meta");
        assertThat(llama.active()).isTrue();
        assertThat(llama.contextWindow()).isEqualTo(131072);
        assertThat(retired.active()).isFalse();
    }
}
