package io.xmcgan.training;

import java.util.Map;

/**
 * The trainer's own part of a checkpoint ({@code trainer-state.json}). There is no random-generator
 * state beyond {@code seed} and {@code data}: the data order, caption choices, flips and noise are
 * all derived from (seed, data position), and the networks draw nothing at random after
 * initialisation.
 *
 * @param step generator steps completed
 * @param totalSteps the run's length when the checkpoint was written
 * @param data the position of the next training example
 * @param seed the experiment seed the stream derives from
 * @param replicas devices that trained in parallel
 * @param losses the loss terms of the last step
 */
public record TrainerState(
    int formatVersion,
    long step,
    long totalSteps,
    DataPosition data,
    long seed,
    int replicas,
    Map<String, Float> losses) {

  public static final int FORMAT_VERSION = 1;
}
