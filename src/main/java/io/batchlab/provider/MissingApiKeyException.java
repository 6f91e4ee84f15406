package io.batchlab.provider;

/** No API key configured: raised when the client is built, before any work starts. */
public class MissingApiKeyException extends RuntimeException {

    public MissingApiKeyException() {
        super("No Groq API key configured: set the environment variable GROQ_API_KEY"
                + " or the MicroProfile Config key " + ProviderSettings.API_KEY);
    }
}
