package io.batchlab.server;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.jberet.rest.resource.JobExecutionResource;
import org.jberet.rest.resource.JobInstanceResource;
import org.jberet.rest.resource.JobResource;

/**
 * The WAR's REST API under {@code /api}, published selectively: batchlab's runs API and the parts of JBeret's
 * operator API that README.md documents ({@code /api/jobs}, {@code /api/jobexecutions}, {@code /api/jobinstances};
 * not schedules, not inline job submission: {@link ApiRequestGuard}), with errors as {@link ApiExceptionMapper} writes
 * them. WEB-INF/web.xml guards all of {@code /api/*} with HTTP BASIC: {@code batch-viewer} may read,
 * {@code batch-operator} may also change.
 */
@ApplicationPath("api")
public class RestApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(RunsResource.class, UsersResource.class, SessionResource.class, RunsApiJson.class, ApiRequestGuard.class,
                ApiExceptionMapper.class, JobResource.class, JobExecutionResource.class, JobInstanceResource.class);
    }
}
