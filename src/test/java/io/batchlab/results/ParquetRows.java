package io.batchlab.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * A Parquet export read back with parquet-java's own reader, row by row, as typed values: String, Long, Double,
 * Boolean, or null where the column has no value. Its options load Hadoop classes (ParquetReadOptions in 1.18), which
 * the test class path has; the export itself is written without them.
 */
public record ParquetRows(MessageType schema, ParquetMetadata footer, List<Map<String, Object>> rows) {

    public static ParquetRows read(byte[] parquet, Path dir) throws IOException {
        Path file = Files.createTempFile(dir, "export", ".parquet");
        Files.write(file, parquet);
        return read(file);
    }

    public static ParquetRows read(Path file) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(new GzipPages()).build();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            ParquetMetadata footer = reader.getFooter();
            MessageType schema = footer.getFileMetaData().getSchema();
            MessageColumnIO columns = new ColumnIOFactory().getColumnIO(schema);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (PageReadStore group = reader.readNextRowGroup(); group != null; group = reader.readNextRowGroup()) {
                RecordReader<Group> records = columns.getRecordReader(group, new GroupRecordConverter(schema));
                for (long i = 0; i < group.getRowCount(); i++) {
                    rows.add(values(schema, records.read()));
                }
            }
            return new ParquetRows(schema, footer, rows);
        }
    }

    /** {@link #typed(List)} of a whole CSV export, header first. */
    public List<Map<String, Object>> typed(String csv) {
        return typed(RunExportTest.table(csv));
    }

    /**
     * The CSV export's rows as this file's types should hold them: an empty cell is null, numbers and booleans parsed
     * as the column's Parquet type says.
     */
    public List<Map<String, Object>> typed(List<Map<String, String>> csv) {
        List<Map<String, Object>> typed = new ArrayList<>();
        for (Map<String, String> csvRow : csv) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < schema.getFieldCount(); i++) {
                String name = schema.getFieldName(i);
                String text = csvRow.get(name);
                row.put(name, text == null || text.isEmpty() ? null : parse(schema.getType(i).asPrimitiveType(), text));
            }
            typed.add(row);
        }
        return typed;
    }

    private static Object parse(PrimitiveType type, String text) {
        return switch (type.getPrimitiveTypeName()) {
            case INT64 -> Long.parseLong(text);
            case DOUBLE -> Double.parseDouble(text);
            case BOOLEAN -> Boolean.parseBoolean(text);
            case BINARY -> text;
            default -> throw new IllegalArgumentException("no export column is " + type);
        };
    }

    private static Map<String, Object> values(MessageType schema, Group record) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < schema.getFieldCount(); i++) {
            Object value = null;
            if (record.getFieldRepetitionCount(i) > 0) {
                value = switch (schema.getType(i).asPrimitiveType().getPrimitiveTypeName()) {
                    case INT64 -> record.getLong(i, 0);
                    case DOUBLE -> record.getDouble(i, 0);
                    case BOOLEAN -> record.getBoolean(i, 0);
                    case BINARY -> record.getString(i, 0);
                    default -> throw new IllegalArgumentException("no export column is " + schema.getType(i));
                };
            }
            row.put(schema.getFieldName(i), value);
        }
        return row;
    }
}
