package io.xmcgan.dataset;

/** An input left out under {@code onBadInput: skip}: the file (or caption id) and why. */
public record SkippedItem(String file, String reason) {}
