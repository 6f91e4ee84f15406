/**
 * What a run costs: the price of the run's model ({@link io.batchlab.cost.Prices}: config.yaml's {@code model.price},
 * else the shipped, dated price table), the one rule that turns tokens into dollars ({@link io.batchlab.cost.Price}),
 * and the estimate of requests before they are sent ({@link io.batchlab.cost.RequestTokens},
 * {@link io.batchlab.cost.CostEstimate}).
 */
package io.batchlab.cost;
