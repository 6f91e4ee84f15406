package io.batchlab.bench;

import java.lang.management.ManagementFactory;

/** What the figures were measured on. */
record Machine(int cores, String jvm, long maxHeapMb, double loadAverage) {

    static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    String describe() {
        return cores + " cores, " + jvm + ", max heap " + maxHeapMb + " MB, load average "
                + String.format("%.1f", loadAverage) + " (" + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ")";
    }
}
