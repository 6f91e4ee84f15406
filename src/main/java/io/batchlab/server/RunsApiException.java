package io.batchlab.server;

import io.batchlab.config.ConfigException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;

/** An error of the runs API, answered with its status and an {@link ApiError} body. */
public class RunsApiException extends WebApplicationException {

    RunsApiException(Status status, String message) {
        this(status, new ApiError(message, List.of()));
    }

    private RunsApiException(Status status, ApiError error) {
        super(error.message(), Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(error).build());
    }

    static RunsApiException badRequest(String message) {
        return new RunsApiException(Status.BAD_REQUEST, message);
    }

    /** 400 with every problem of the config. */
    static RunsApiException badConfig(String configFile, ConfigException e) {
        List<ApiError.Problem> problems = e.problems().stream().map(ApiError.Problem::of).toList();
        String message = "the config " + configFile + " has " + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + ": fix them and create the run again";
        return new RunsApiException(Status.BAD_REQUEST, new ApiError(message, problems));
    }

    static RunsApiException notFound(String message) {
        return new RunsApiException(Status.NOT_FOUND, message);
    }

    static RunsApiException forbidden(String message) {
        return new RunsApiException(Status.FORBIDDEN, message);
    }

    static RunsApiException conflict(String message) {
        return new RunsApiException(Status.CONFLICT, message);
    }
}
