package io.xmcgan.evaluation.metrics;

/**
 * The Inception Score exp(E_x KL(p(y|x) ‖ p(y))) averaged over splits.
 *
 * @param mean the mean of the per-split scores
 * @param standardDeviation their population standard deviation (numpy's {@code np.std}, ddof 0); 0
 *     for one split
 * @param splits how many splits the score was averaged over
 */
public record InceptionScore(double mean, double standardDeviation, int splits) {}
