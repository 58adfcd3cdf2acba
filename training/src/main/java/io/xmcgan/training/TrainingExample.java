package io.xmcgan.training;

/**
 * One decoded training example as the model consumes it, in host memory.
 *
 * @param image (3, S, S) channel-major, values in [0, 1], flipped when the draw said so
 * @param words (T, E) the chosen caption's token vectors, padding positions included
 * @param maxLen tokens of the chosen caption including CLS and SEP
 * @param sentence (E) the sentence embedding: sum of all T token vectors divided by maxLen
 * @param noise (zDim) a fresh N(0, 1) draw
 * @param shiftX how far D sees this image and its generated counterpart moved right, when the
 *     experiment augments D's inputs (io.xmcgan.model.DiscriminatorAugmentation)
 * @param shiftY how far down
 */
public record TrainingExample(
    float[] image,
    float[] words,
    float maxLen,
    float[] sentence,
    float[] noise,
    int shiftX,
    int shiftY) {}
