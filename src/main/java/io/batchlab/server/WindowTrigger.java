package io.batchlab.server;

import io.batchlab.control.WindowScheduler;
import jakarta.enterprise.concurrent.LastExecution;
import jakarta.enterprise.concurrent.ZonedTrigger;
import java.time.ZonedDateTime;

/**
 * Tells a {@code ManagedScheduledExecutorService} when the {@link WindowScheduler} must look again: at the next
 * opening or closing of a window, or soon while a job changes state. Null ends the schedule (nothing is queued).
 */
final class WindowTrigger implements ZonedTrigger {

    private final WindowScheduler scheduler;

    WindowTrigger(WindowScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public ZonedDateTime getNextRunTime(LastExecution lastExecution, ZonedDateTime taskScheduledTime) {
        return scheduler.nextCheck().orElse(null);
    }
}
