package io.batchlab.results;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Apache Parquet with the {@link ExportRow#COLUMNS} as typed columns ({@link #SCHEMA}), GZIP pages, written through
 * parquet-hadoop without Hadoop: an {@link OutputFile} over the caller's stream and {@link PlainParquetConfiguration}.
 * Rows are buffered up to a row group ({@link #ROW_GROUP_BYTES}), which then goes out whole; the footer goes out in
 * {@link #finish()} only, so an export that fails half way leaves a file every reader rejects, never a shorter table.
 */
final class ParquetExportWriter implements ExportWriter {

    /** What a row group may hold before it is written: the writer's memory, whatever the run's size. */
    static final long ROW_GROUP_BYTES = 8L << 20;

    /** Parquet's name of the record, in the schema; readers show only the columns. */
    private static final String RECORD = "batchlab_export_row";

    /** The Parquet type of each column, in {@link ExportRow#COLUMNS} order. */
    private enum Kind {
        /** UTF-8 text that every row has. */
        REQUIRED_TEXT,
        TEXT,
        BOOLEAN,
        INT64,
        /** The CSV's decimal, as the nearest double. */
        DOUBLE
    }

    private static final List<Kind> KINDS = List.of(Kind.REQUIRED_TEXT, Kind.REQUIRED_TEXT, Kind.TEXT, Kind.TEXT,
            Kind.TEXT, Kind.REQUIRED_TEXT, Kind.TEXT, Kind.BOOLEAN, Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.INT64,
            Kind.INT64, Kind.INT64, Kind.INT64, Kind.DOUBLE, Kind.INT64, Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.TEXT);

    static final MessageType SCHEMA = schema();

    private final ParquetWriter<ExportRow> parquet;
    private final OutputStream out;

    ParquetExportWriter(OutputStream out) throws IOException {
        this.out = out;
        this.parquet = new Builder(new StreamFile(out))
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new GzipPages())
                .withCompressionCodec(CompressionCodecName.GZIP)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .build();
    }

    @Override
    public void write(ExportRow row) throws IOException {
        parquet.write(row);
    }

    /** Writes the last row group and the footer: only a complete export becomes a readable file. */
    @Override
    public void finish() throws IOException {
        parquet.close();
        out.flush();
    }

    private static MessageType schema() {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (int i = 0; i < KINDS.size(); i++) {
            Kind kind = KINDS.get(i);
            Repetition repetition = kind == Kind.REQUIRED_TEXT ? Repetition.REQUIRED : Repetition.OPTIONAL;
            String name = ExportRow.COLUMNS.get(i);
            switch (kind) {
                case REQUIRED_TEXT, TEXT -> message.primitive(PrimitiveTypeName.BINARY, repetition)
                        .as(LogicalTypeAnnotation.stringType()).named(name);
                case BOOLEAN -> message.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
                case INT64 -> message.primitive(PrimitiveTypeName.INT64, repetition).named(name);
                case DOUBLE -> message.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
                default -> throw new IllegalStateException(kind.name());
            }
        }
        return message.named(RECORD);
    }

    /** Hands each row's values to Parquet's record consumer, skipping nulls (Parquet's absent values). */
    private static final class RowWriteSupport extends WriteSupport<ExportRow> {

        private RecordConsumer record;

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(SCHEMA, Map.of());
        }

        /** Hadoop's entry point, which batchlab never calls: it writes without Hadoop. */
        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return init((ParquetConfiguration) null);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.record = recordConsumer;
        }

        @Override
        public void write(ExportRow row) {
            Object[] values = row.values();
            record.startMessage();
            for (int i = 0; i < values.length; i++) {
                Object value = values[i];
                if (value == null) {
                    if (KINDS.get(i) == Kind.REQUIRED_TEXT) {
                        throw new IllegalStateException("export row without " + ExportRow.COLUMNS.get(i));
                    }
                    continue;
                }
                String name = ExportRow.COLUMNS.get(i);
                record.startField(name, i);
                switch (KINDS.get(i)) {
                    case REQUIRED_TEXT, TEXT -> record.addBinary(Binary.fromString((String) value));
                    case BOOLEAN -> record.addBoolean((Boolean) value);
                    case INT64 -> record.addLong(((Number) value).longValue());
                    case DOUBLE -> record.addDouble(Double.parseDouble((String) value));
                    default -> throw new IllegalStateException(KINDS.get(i).name());
                }
                record.endField(name, i);
            }
            record.endMessage();
        }
    }

    private static final class Builder extends ParquetWriter.Builder<ExportRow, Builder> {

        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ExportRow> getWriteSupport(ParquetConfiguration configuration) {
            return new RowWriteSupport();
        }

        /** Hadoop's entry point, which batchlab never calls: it writes without Hadoop. */
        @Override
        protected WriteSupport<ExportRow> getWriteSupport(org.apache.hadoop.conf.Configuration configuration) {
            return new RowWriteSupport();
        }
    }

    /**
     * The caller's stream as Parquet's output file. Parquet only appends and asks how far it has got, so an HTTP
     * response or a temp file will do; closing it flushes but leaves the stream to its owner.
     */
    private static final class StreamFile implements OutputFile {

        private final OutputStream out;

        StreamFile(OutputStream out) {
            this.out = out;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long position;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                    position += length;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
