/**
 * The client of Groq's Batch API (OpenAI-compatible): {@link io.batchlab.provider.BatchClient} is what jobs use;
 * {@link io.batchlab.provider.GroqBatchApi} is the MicroProfile REST Client interface under it (verbatim JSON);
 * {@link io.batchlab.provider.ProviderException} is every failure, with its HTTP status (0 for no or an unreadable answer);
 * {@link io.batchlab.provider.ProviderCallPolicy} is the one place that retries and paces calls;
 * {@link io.batchlab.provider.ProviderSettings} says where the provider is and how hard to push it.
 */
package io.batchlab.provider;
