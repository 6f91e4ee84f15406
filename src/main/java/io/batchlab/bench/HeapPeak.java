package io.batchlab.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The heap's high-water marks, from the garbage collector's own notifications: the most heap in use just before any
 * collection (the peak), and the most still in use right after one (the live set).
 */
final class HeapPeak {

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());
    private final AtomicLong beforeGc = new AtomicLong();
    private final AtomicLong afterGc = new AtomicLong();

    static HeapPeak watch() {
        HeapPeak peak = new HeapPeak();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    peak.beforeGc.accumulateAndGet(peak.heap(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
                    peak.afterGc.accumulateAndGet(peak.heap(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
                }
            }, null, null);
        }
        return peak;
    }

    /** Peak heap in use, including what was allocated since the last collection. */
    long peakBytes() {
        return Math.max(beforeGc.get(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    long liveBytes() {
        return afterGc.get();
    }

    private long heap(Map<String, MemoryUsage> usage) {
        return usage.entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed()).sum();
    }
}
