package io.batchlab.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetExportWriterTest {

    /** Random letters: a row group's worth of them stays large after GZIP. */
    private static final int ANSWER_CHARS = 16 * 1024;

    @TempDir
    Path dir;

    @Test
    void rowGroupsGoOutWhileRowsAreStillComingAndTheFooterLast() throws IOException {
        // given
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportWriter writer = ExportFormat.PARQUET.open(out);
        Random random = new Random(14);
        long rows = 5 * ParquetExportWriter.ROW_GROUP_BYTES / 2 / ANSWER_CHARS;

        // when
        for (long i = 0; i < rows; i++) {
            writer.write(row(i, random));
        }
        long beforeTheEnd = out.size();
        writer.finish();

        // then: at least one whole row group was out before the last row, memory held one at most
        assertThat(beforeTheEnd).isGreaterThan(ParquetExportWriter.ROW_GROUP_BYTES / 2);
        ParquetRows parquet = ParquetRows.read(out.toByteArray(), dir);
        assertThat(parquet.footer().getBlocks()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(parquet.rows()).hasSize((int) rows);
        assertThat(parquet.rows().get((int) rows - 1)).containsEntry("custom_id", "r" + (rows - 1))
                .containsEntry("prompt_tokens", rows - 1);
    }

    @Test
    void rowsNeverFinishedMakeAFileReadersRefuseEvenAfterWholeRowGroups() throws IOException {
        // given
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportWriter writer = ExportFormat.PARQUET.open(out);
        Random random = new Random(14);

        // when: the export fails after more than a row group, so finish() is never called
        for (long i = 0; out.size() < ParquetExportWriter.ROW_GROUP_BYTES / 2; i++) {
            writer.write(row(i, random));
        }

        // then
        byte[] written = out.toByteArray();
        assertThat(new String(Arrays.copyOfRange(written, written.length - 4, written.length),
                StandardCharsets.US_ASCII)).isNotEqualTo("PAR1");
        assertThatThrownBy(() -> ParquetRows.read(written, dir)).isInstanceOf(RuntimeException.class);
    }

    private static ExportRow row(long i, Random random) {
        char[] answer = new char[ANSWER_CHARS];
        for (int c = 0; c < answer.length; c++) {
            answer[c] = (char) ('a' + random.nextInt(26));
        }
        return new ExportRow("20240408_CT_DS70B_001", "u" + i / 10, "r" + i, null, "openai/gpt-oss-20b",
                RunExport.ANSWERED, new String(answer), null, null, null, "stop", i, 1L, null, null, "0.000001", 200,
                null, null, "req_" + i, null);
    }
}
