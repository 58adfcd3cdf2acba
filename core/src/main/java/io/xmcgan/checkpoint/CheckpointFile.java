package io.xmcgan.checkpoint;

/** One file of a checkpoint as its manifest records it. */
public record CheckpointFile(String name, long size, String sha256) {}
