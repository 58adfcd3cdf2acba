package io.xmcgan.training;

import java.util.List;

/**
 * The data of one training step.
 *
 * @param batches by sub-step (the D-only ones, then the joint one), then by replica
 * @param next the data position after this step, recorded with a checkpoint taken after it
 */
public record StepInputs(List<List<HostBatch>> batches, DataPosition next) {}
