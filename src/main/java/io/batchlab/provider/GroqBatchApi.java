package io.batchlab.provider;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Groq's Batch API (OpenAI-compatible) relative to the API root, e.g. {@code https://api.groq.com/openai/v1}.
 * Bodies stay {@link JsonObject} so callers keep the provider's JSON verbatim; {@link BatchClient} adds the typed view,
 * retries and pacing. Every status ≥ 400 becomes a {@link ProviderException}.
 */
@RegisterRestClient(configKey = "groq-batch-api")
@RegisterProvider(ProviderExceptionMapper.class)
@Produces(MediaType.APPLICATION_JSON)
public interface GroqBatchApi {

    /** Multipart parts: {@code file} (the JSONL, with its filename) and {@code purpose=batch}. */
    @POST
    @Path("/files")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    JsonObject uploadFile(List<EntityPart> parts);

    @GET
    @Path("/files")
    JsonObject listFiles();

    @GET
    @Path("/files/{id}")
    JsonObject fileInfo(@PathParam("id") String fileId);

    /** The content as a stream: read it from the response and close the response. */
    @GET
    @Path("/files/{id}/content")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.WILDCARD})
    Response fileContent(@PathParam("id") String fileId);

    @DELETE
    @Path("/files/{id}")
    JsonObject deleteFile(@PathParam("id") String fileId);

    /** Body: {@code {input_file_id, endpoint, completion_window, metadata?}}. */
    @POST
    @Path("/batches")
    @Consumes(MediaType.APPLICATION_JSON)
    JsonObject createBatch(JsonObject request);

    @GET
    @Path("/batches/{id}")
    JsonObject retrieveBatch(@PathParam("id") String batchId);

    /** At most 200 ids: {@code GET /batches?id=a&id=b}. */
    @GET
    @Path("/batches")
    JsonObject retrieveBatches(@QueryParam("id") List<String> batchIds);

    /** One page; {@code cursor} null for the first, then {@code paging.next_cursor}. */
    @GET
    @Path("/batches")
    JsonObject listBatches(@QueryParam("cursor") String cursor);

    @POST
    @Path("/batches/{id}/cancel")
    JsonObject cancelBatch(@PathParam("id") String batchId);

    @GET
    @Path("/models")
    JsonObject listModels();
}
