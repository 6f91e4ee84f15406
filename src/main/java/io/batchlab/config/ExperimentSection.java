package io.batchlab.config;

import java.time.ZoneId;

/**
 * What the run is.
 *
 * @param type        experiment-type code of the run id, e.g. {@code CT} or {@code OT}
 * @param description free text, copied into status.json
 * @param timeZone    the zone in which the run id's date is taken
 */
public record ExperimentSection(String type, String description, ZoneId timeZone) {
}
