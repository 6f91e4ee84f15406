package io.batchlab.server;

import jakarta.batch.operations.BatchRuntimeException;
import jakarta.batch.operations.JobSecurityException;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.operations.NoSuchJobInstanceException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every error of {@code /api} as an {@link ApiError} with a message, never a stack trace (JBeret's own mapper sends
 * one, so the application does not publish it). Unexpected errors get a reference the server log repeats.
 */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof WebApplicationException web) {
            Response response = web.getResponse();
            return response.hasEntity() ? response : ApiRequestGuard.error(
                    Status.fromStatusCode(response.getStatus()) == null ? Status.BAD_REQUEST
                            : Status.fromStatusCode(response.getStatus()), response.getStatusInfo().getReasonPhrase());
        }
        if (error instanceof NoSuchJobException || error instanceof NoSuchJobExecutionException
                || error instanceof NoSuchJobInstanceException) {
            return ApiRequestGuard.error(Status.NOT_FOUND, error.getMessage());
        }
        if (error instanceof JobSecurityException) {
            return ApiRequestGuard.error(Status.FORBIDDEN, "not allowed");
        }
        if (error instanceof BatchRuntimeException) {
            // the job operator refused: not running, already complete, not the most recent execution, ...
            LOG.log(Level.FINE, "job operator refused a request", error);
            return ApiRequestGuard.error(Status.CONFLICT, error.getMessage());
        }
        String reference = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "request failed, reference " + reference, error);
        return ApiRequestGuard.error(Status.INTERNAL_SERVER_ERROR, "the server could not do this; its log has the "
                + "details under reference " + reference);
    }
}
