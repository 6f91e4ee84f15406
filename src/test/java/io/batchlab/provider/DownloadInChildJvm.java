package io.batchlab.provider;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Path;

/**
 * Run by {@link LargeDownloadTest} in a JVM with a small heap: downloads one file and prints the peak heap it used,
 * so buffering the file in memory would fail with OutOfMemoryError.
 */
public final class DownloadInChildJvm {

    private DownloadInChildJvm() {
    }

    public static void main(String[] args) {
        URI baseUri = URI.create(args[0]);
        String fileId = args[1];
        Path target = Path.of(args[2]);
        try (BatchClient client = BatchClient.create(ProviderSettings.defaults(baseUri, Secret.of("gsk_child")))) {
            client.download(fileId, target);
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("peak-heap-bytes=" + peak);
    }
}
