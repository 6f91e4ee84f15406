package io.batchlab.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SeenIdHashesTest {

    @Test
    void reportsNewIdsAsNewAndRepeatsAsSeenAcrossGrowth() {
        // given
        SeenIdHashes seen = new SeenIdHashes();
        int ids = 200_000;

        // when
        long firstTimeNew = IntStream.range(0, ids).filter(i -> seen.add("user" + i)).count();
        long secondTimeNew = IntStream.range(0, ids).filter(i -> seen.add("user" + i)).count();

        // then
        assertThat(firstTimeNew).isEqualTo(ids);
        assertThat(secondTimeNew).isZero();
    }
}
