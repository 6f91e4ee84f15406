package io.batchlab.server;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The WAR's REST API under {@code /api}. It declares no classes, so the server publishes every resource in the
 * deployment: JBeret's operator API ({@code /api/jobs}, {@code /api/jobexecutions}, {@code /api/jobinstances},
 * {@code /api/schedules}) and batchlab's own resources. WEB-INF/web.xml guards all of {@code /api/*} with HTTP BASIC:
 * {@code batch-viewer} may read, {@code batch-operator} may also change.
 */
@ApplicationPath("api")
public class RestApplication extends Application {
}
