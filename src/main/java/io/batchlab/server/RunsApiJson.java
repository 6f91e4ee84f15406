package io.batchlab.server;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * JSON-B for the runs API's records, with status.json's naming ({@code snake_case}, nulls written). The WAR makes
 * RESTEasy prefer Jackson (JBeret's REST API needs it, see web.xml); an application provider comes before the server's
 * own, so this one serves the records of this package and Jackson keeps JBeret's types.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RunsApiJson implements MessageBodyReader<Object>, MessageBodyWriter<Object> {

    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
            .withNullValues(true));

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isRunsApiRecord(type);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        String body = new String(entityStream.readAllBytes(), StandardCharsets.UTF_8);
        if (body.isBlank()) {
            throw RunsApiException.badRequest("the request has no body: send a JSON object such as "
                    + "{\"config\": \"/path/to/config.yaml\"}");
        }
        try {
            return JSONB.fromJson(body, genericType);
        } catch (JsonbException e) {
            throw RunsApiException.badRequest("the request body is not a JSON object such as "
                    + "{\"config\": \"/path/to/config.yaml\"}: " + e.getMessage());
        }
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isRunsApiRecord(type);
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) throws IOException {
        // As a string first: Yasson closes a stream it writes to, and the stream belongs to the server.
        entityStream.write(JSONB.toJson(value, genericType).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isRunsApiRecord(Class<?> type) {
        return type.isRecord() && type.getPackageName().equals(RunsApiJson.class.getPackageName());
    }
}
