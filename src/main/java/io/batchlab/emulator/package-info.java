/**
 * A local, stateful imitation of Groq's Batch API over real HTTP on 127.0.0.1 — for tests, the demo, benchmarks and
 * free dry runs. It is <b>not an LLM</b>: every answer is derived from a hash of its request body, and it says so in
 * its startup line, in every completion's {@code system_fingerprint} and in each model's {@code owned_by}.
 *
 * <p>Start it with {@link io.batchlab.emulator.GroqEmulator#start} (or {@link io.batchlab.emulator.EmulatorMain}) and
 * point a client at {@link io.batchlab.emulator.GroqEmulator#baseUri()} with any non-empty bearer token; SDKs that
 * append {@code /openai/v1} themselves (GROQ_BASE_URL) take {@code http://127.0.0.1:PORT}.
 *
 * <p>Choices made where Groq's documentation is silent:
 * <ul>
 *   <li>Models are checked when the batch is created, from the first line that names a model: a retired model answers
 *       400 {@code model_decommissioned} naming its replacement, an unknown one 404 {@code model_not_found}. Later
 *       lines with such models become per-line errors.</li>
 *   <li>Per-line errors ({@code invalid_json}, {@code missing_required_parameter}, {@code invalid_method},
 *       {@code invalid_url}, {@code duplicate_custom_id}, {@code model_not_found}, {@code model_decommissioned}) appear
 *       in {@code errors} as {@code {"object":"list","data":[{code,message,param,line}]}} once validation ends; they
 *       count as failed requests, and those with a usable, unique custom_id are also written to the error file.</li>
 *   <li>A file over 50,000 lines or 100 MiB makes the batch {@code failed} ({@code too_many_lines},
 *       {@code file_too_large}) when validation ends; a user in {@code failUsers} fails with {@code emulated_failure}.</li>
 *   <li>The status is computed from timestamps on every read. During {@code in_progress},
 *       {@code request_counts.completed} grows linearly; {@code total} is 0 while validating. Output and error files
 *       are written on the first read that finds the batch finished.</li>
 *   <li>Expiry: at the end of the completion window (or its override) if that falls before the last request was
 *       answered; a user in {@code expireUsers} (or the {@code expireRate} draw) expires half-way through
 *       {@code in_progress}. Answered lines stay in the output file, the others go to the error file with
 *       {@code batch_expired}. A cancel stops at once: {@code cancelling} lasts the finalizing duration, unanswered
 *       lines get {@code batch_cancelled}; cancelling a finished batch answers 400 {@code batch_not_cancellable}.</li>
 *   <li>{@code GET /batches} lists newest first, {@code limit} 1–200 (default 20), paged by {@code cursor} (or
 *       {@code after}) = the last id of the previous page; {@code paging.next_cursor} is present only when more
 *       follow ({@code has_more}, {@code first_id}, {@code last_id} as in OpenAI's list). With {@code id=} parameters
 *       (at most 200) it returns just those batches, skipping unknown ids.</li>
 *   <li>Faults apply to {@code /openai/v1} only, in this order: latency, connection drop, authentication, rate limit
 *       (a token bucket holding one second's calls; 429 with {@code retry-after} and {@code retry-after-ms}; every
 *       answer carries Groq's {@code x-ratelimit-limit-requests}, {@code -remaining-requests} and
 *       {@code -reset-requests} for that bucket unless switched off), server errors. {@code /admin} is
 *       neither faulted nor counted; its {@code POST}s take only {@code Content-Type: application/json} (415
 *       otherwise), so a web page cannot change it with a form post.</li>
 * </ul>
 */
package io.batchlab.emulator;
