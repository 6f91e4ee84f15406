package io.batchlab.emulator;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** File content kept in fixed-size chunks, so a 100 MB upload is neither copied nor held twice. */
final class MemoryContent implements FileContent {

    private static final int CHUNK = 64 * 1024;

    private final List<byte[]> chunks;
    private final long size;

    private MemoryContent(List<byte[]> chunks, long size) {
        this.chunks = chunks;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream open() {
        List<InputStream> parts = new ArrayList<>();
        long left = size;
        for (byte[] chunk : chunks) {
            int length = (int) Math.min(chunk.length, left);
            parts.add(new ByteArrayInputStream(chunk, 0, length));
            left -= length;
        }
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    @Override
    public void discard() {
        chunks.clear();
    }

    /** Collects written bytes into chunks; {@link #content()} gives the result. */
    static final class Writer extends OutputStream {

        private final List<byte[]> chunks = new ArrayList<>();
        private byte[] current;
        private int used;
        private long size;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            while (length > 0) {
                if (current == null || used == current.length) {
                    current = new byte[CHUNK];
                    chunks.add(current);
                    used = 0;
                }
                int n = Math.min(length, current.length - used);
                System.arraycopy(bytes, offset, current, used, n);
                used += n;
                offset += n;
                length -= n;
                size += n;
            }
        }

        MemoryContent content() {
            return new MemoryContent(chunks, size);
        }
    }
}
