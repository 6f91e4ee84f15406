package io.batchlab.server;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * batchlab's runs under {@code /api/runs}: {@code POST} creates a run from a config.yaml and starts it (201),
 * {@code GET} lists the runs, {@code GET /{runId}} shows one with its job executions, {@code GET /{runId}/results}
 * summarises what it found, {@code GET /{runId}/export?format=csv|jsonl|parquet} streams its table,
 * {@code POST /{runId}/stop} and {@code POST /{runId}/restart} act on its job (202), {@code POST /{runId}/retry} asks
 * again only what its users are missing (202; 200 when nothing is), {@code PUT /{runId}/window} gives it a window and
 * {@code DELETE /{runId}/window} takes it away. For the dashboard: {@code GET /{runId}/users?offset&limit} pages its
 * users, {@code GET /{runId}/config} and {@code GET /{runId}/history} (counts over time). Errors: see
 * {@link RunOperations}, bodies {@link ApiError}.
 */
@RequestScoped
@Path("runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {

    @Inject
    RunOperations runs;

    public RunsResource() {
    }

    /** For {@code batchlab serve}, which has no CDI container. */
    public RunsResource(RunOperations runs) {
        this.runs = runs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewRun request, @Context UriInfo uri) {
        RunView created = runs.create(request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.runId()).build()).entity(created).build();
    }

    @GET
    public RunList list() {
        return runs.list();
    }

    @GET
    @Path("{runId}")
    public RunView run(@PathParam("runId") String runId) {
        return runs.view(runId);
    }

    @GET
    @Path("{runId}/results")
    public JsonObject results(@PathParam("runId") String runId) {
        return runs.results(runId);
    }

    /** A page of the run's users with where each stands; at most 500 per page. */
    @GET
    @Path("{runId}/users")
    public JsonObject users(@PathParam("runId") String runId, @QueryParam("offset") @DefaultValue("0") long offset,
                            @QueryParam("limit") @DefaultValue("50") int limit) {
        return runs.usersPage(runId, offset, limit);
    }

    @GET
    @Path("{runId}/config")
    public RunConfigView config(@PathParam("runId") String runId) {
        return runs.config(runId);
    }

    /** Counts over time for a chart: at most {@code points} samples spread over the run's history. */
    @GET
    @Path("{runId}/history")
    public CountsHistoryView history(@PathParam("runId") String runId,
                                     @QueryParam("points") @DefaultValue("200") int points) {
        return runs.history(runId, points);
    }

    /** Read through once before the first byte (a broken results.json is a 500, never half a table), then streamed. */
    @GET
    @Path("{runId}/export")
    @Produces({"text/csv", "application/x-ndjson", RunDownload.PARQUET, MediaType.APPLICATION_JSON})
    public Response export(@PathParam("runId") String runId,
                           @QueryParam("format") @DefaultValue("csv") String format) {
        RunDownload download = runs.export(runId, format);
        return Response.ok(download.rows(), download.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + download.fileName() + "\"").build();
    }

    @POST
    @Path("{runId}/stop")
    public Response stop(@PathParam("runId") String runId) {
        return Response.accepted(runs.stop(runId)).build();
    }

    @PUT
    @Path("{runId}/window")
    @Consumes(MediaType.APPLICATION_JSON)
    public RunView setWindow(@PathParam("runId") String runId, WindowChange change) {
        return runs.setWindow(runId, change);
    }

    @DELETE
    @Path("{runId}/window")
    public RunView clearWindow(@PathParam("runId") String runId) {
        return runs.clearWindow(runId);
    }

    @POST
    @Path("{runId}/restart")
    public Response restart(@PathParam("runId") String runId, @QueryParam("max_cost") String maxCost) {
        return Response.accepted(runs.restart(runId, maxCost)).build();
    }

    /** 202 with what is asked again, or 200 saying nothing is missing; 409 while the run's job runs. */
    @POST
    @Path("{runId}/retry")
    public Response retry(@PathParam("runId") String runId) {
        RetryView retry = runs.retry(runId);
        return (retry.jobExecutionId() == null ? Response.ok(retry) : Response.accepted(retry)).build();
    }
}
