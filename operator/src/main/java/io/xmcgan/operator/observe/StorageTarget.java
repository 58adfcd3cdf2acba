package io.xmcgan.operator.observe;

import io.xmcgan.experiment.ResolvedExperiment;
import io.xmcgan.storage.StorageCredentials;
import java.util.Optional;

/**
 * Which experiment's storage to read and with which key pair (read from the Secret the spec names;
 * the values stay inside the operator's memory).
 */
public record StorageTarget(
    ResolvedExperiment experiment, Optional<StorageCredentials> credentials) {}
