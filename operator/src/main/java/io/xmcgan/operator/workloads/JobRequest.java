package io.xmcgan.operator.workloads;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One stage Job to render.
 *
 * @param owner the experiment: the Job's controller owner, so that deleting the experiment deletes
 *     the Job and its pods
 * @param run the run label (see {@link ChildNames#run(String)})
 * @param completions for preprocessing, the number of shards (one indexed pod each); 1 otherwise
 * @param parallelism for preprocessing, how many shards run at once; 1 otherwise
 * @param backoffLimit pod retries the Job controller does itself (preprocessing only; training and
 *     evaluation attempts are retried by the operator, which needs to see each failure)
 * @param activeDeadlineSeconds the Job's own deadline, or null
 */
public record JobRequest(
    HasMetadata owner,
    String experimentName,
    Stage stage,
    int attempt,
    String run,
    PodSettings pod,
    StorageEnv storage,
    int completions,
    int parallelism,
    int backoffLimit,
    Long activeDeadlineSeconds) {}
