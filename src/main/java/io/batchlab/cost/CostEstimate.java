package io.batchlab.cost;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The sum of requests not yet answered, and the range of what they will cost. The range's assumptions (README,
 * "What a run costs"): the provider counts the input between {@value #LOW_PERCENT} % and {@value #HIGH_PERCENT} %
 * of {@link RequestTokens}' count, plus up to {@value #TEMPLATE_TOKENS} tokens of template per request (gpt-oss adds
 * a system block of its own); an answer is at least one token and at most the request's max_completion_tokens, else
 * the model's own limit from the price table.
 *
 * @param requests          request lines
 * @param inputTokens       their input as counted
 * @param maxOutputTokens   the most completion tokens they allow, where known
 * @param unboundedRequests requests whose completion has no known limit: the range has no upper end
 */
public record CostEstimate(long requests, long inputTokens, long maxOutputTokens, long unboundedRequests) {

    static final int LOW_PERCENT = 90;
    static final int HIGH_PERCENT = 125;
    static final int TEMPLATE_TOKENS = 96;

    public static final CostEstimate NONE = new CostEstimate(0, 0, 0, 0);

    /** One request; {@code modelLimit} bounds the answer when the request sets no limit of its own. */
    public static CostEstimate of(RequestTokens request, OptionalInt modelLimit) {
        OptionalInt max = request.maxCompletion().isPresent() ? request.maxCompletion() : modelLimit;
        return new CostEstimate(1, request.input(), max.orElse(0), max.isPresent() ? 0 : 1);
    }

    /** The lines of one batch.jsonl, as they are (or would be) sent. */
    public static CostEstimate ofLines(Iterable<String> jsonLines, OptionalInt modelLimit) {
        CostEstimate sum = NONE;
        for (String line : jsonLines) {
            sum = sum.plus(of(RequestTokens.ofLine(line), modelLimit));
        }
        return sum;
    }

    public CostEstimate plus(CostEstimate other) {
        return new CostEstimate(requests + other.requests, inputTokens + other.inputTokens,
                maxOutputTokens + other.maxOutputTokens, unboundedRequests + other.unboundedRequests);
    }

    public long lowInputTokens() {
        return inputTokens * LOW_PERCENT / 100;
    }

    public long highInputTokens() {
        return (inputTokens * HIGH_PERCENT + 99) / 100 + TEMPLATE_TOKENS * requests;
    }

    /** The least these requests can cost: input at its low end, one token per answer. */
    public BigDecimal low(Price price) {
        return price.batchCost(lowInputTokens(), requests);
    }

    /** The most they can cost; empty when some request's answer has no known limit. */
    public Optional<BigDecimal> high(Price price) {
        return unboundedRequests > 0 ? Optional.empty()
                : Optional.of(price.batchCost(highInputTokens(), maxOutputTokens));
    }
}
