package io.batchlab.server;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Before any resource is chosen: a POST, PUT or PATCH must say {@code Content-Type: application/json} (a POST even
 * with an empty body), which a browser sends cross-site only after a CORS preflight this server never grants, so a
 * page the operator visits cannot forge one (415 otherwise); a DELETE is preflighted anyway. And JBeret's operations that run job definitions or
 * schedules an operator wrote are not offered (404): only the documented ones are.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class ApiRequestGuard implements ContainerRequestFilter {

    /** What a browser sends cross-site without a CORS preflight is POST; PUT and PATCH carry JSON bodies. */
    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH");
    private static final List<Pattern> NOT_OFFERED = List.of(
            Pattern.compile("jobs/submit"),
            Pattern.compile("jobs/[^/]+/schedule"),
            Pattern.compile("jobexecutions/[^/]+/(schedule|resubmit)"),
            Pattern.compile("schedules(/.*)?"));
    /** Job names as the job XMLs in this WAR's META-INF/batch-jobs are named: never a path. */
    private static final Pattern JOB_OPERATION = Pattern.compile("jobs/([^/]+)/(start|restart)");
    private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    @Override
    public void filter(ContainerRequestContext request) {
        String path = trimmed(request.getUriInfo().getPath());
        // the job name as sent: decoded, an encoded slash would hide it from the pattern
        String rawPath = trimmed(request.getUriInfo().getPath(false));
        if (NOT_OFFERED.stream().anyMatch(p -> p.matcher(path).matches()) || hasBadJobName(rawPath)) {
            request.abortWith(error(Response.Status.NOT_FOUND, "this server does not offer " + request.getMethod()
                    + " /api/" + path + "; see README.md, section Operators, for the operations it offers"));
        } else if (CHANGING.contains(request.getMethod()) && !isJson(request.getMediaType())) {
            request.abortWith(error(Response.Status.UNSUPPORTED_MEDIA_TYPE, request.getMethod() + " needs the header "
                    + "Content-Type: application/json, also with an empty body (a defence against requests forged "
                    + "by web pages)"));
        }
    }

    private static String trimmed(String path) {
        return path.replaceFirst("^/+", "").replaceFirst("/+$", "");
    }

    private static boolean hasBadJobName(String path) {
        var operation = JOB_OPERATION.matcher(path);
        return operation.matches() && !JOB_NAME.matcher(operation.group(1)).matches();
    }

    private static boolean isJson(MediaType type) {
        return type != null && MediaType.APPLICATION_JSON_TYPE.isCompatible(type) && !type.isWildcardType()
                && !type.isWildcardSubtype();
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(message, List.of())).build();
    }
}
