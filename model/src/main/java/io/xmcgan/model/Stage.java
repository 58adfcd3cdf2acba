package io.xmcgan.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/** One named top-level stage of a network and its output shape, as {@code Describe} prints it. */
record Stage(String name, Block block, Shape outputShape) {}
