package io.batchlab.results;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet's GZIP pages through java.util.zip. parquet-hadoop's own {@code CodecFactory} compresses through Hadoop's
 * codec classes; this keeps Hadoop off the class path. Uncompressed pages pass through (a reader meets them in files
 * from other writers).
 */
final class GzipPages implements CompressionCodecFactory {

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        if (codec != CompressionCodecName.GZIP) {
            throw new IllegalArgumentException("batchlab writes Parquet pages with GZIP only, not " + codec);
        }
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput page) throws IOException {
                ByteArrayOutputStream compressed = new ByteArrayOutputStream((int) Math.min(page.size() / 3 + 64,
                        Integer.MAX_VALUE));
                try (GZIPOutputStream gzip = new GZIPOutputStream(compressed, 64 * 1024)) {
                    page.writeAllTo(gzip);
                }
                return BytesInput.from(compressed.toByteArray());
            }

            @Override
            public CompressionCodecName getCodecName() {
                return CompressionCodecName.GZIP;
            }

            @Override
            public void release() {
                // holds nothing between pages
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        if (codec != CompressionCodecName.GZIP && codec != CompressionCodecName.UNCOMPRESSED) {
            throw new IllegalArgumentException("Parquet pages compressed with " + codec
                    + " cannot be read here: GZIP or UNCOMPRESSED only");
        }
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput page, int uncompressedSize) throws IOException {
                if (codec == CompressionCodecName.UNCOMPRESSED) {
                    return page;
                }
                try (InputStream gzip = new GZIPInputStream(page.toInputStream())) {
                    return BytesInput.from(gzip.readNBytes(uncompressedSize));
                }
            }

            @Override
            public void decompress(ByteBuffer page, int compressedSize, ByteBuffer into, int uncompressedSize)
                    throws IOException {
                byte[] bytes = new byte[compressedSize];
                page.get(bytes);
                into.put(decompress(BytesInput.from(bytes), uncompressedSize).toByteBuffer());
            }

            @Override
            public void release() {
                // holds nothing between pages
            }
        };
    }

    @Override
    public void release() {
        // holds nothing
    }
}
