package io.xmcgan.operator.workloads;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.xmcgan.stage.Stage;

/**
 * One stage Job to render.
 *
 * @param owner the experiment: the Job's controller owner, so that deleting the experiment deletes
 *     the Job and its pods
 * @param run the run identity ({@link io.xmcgan.storage.StorageLayout#runId(String)})
 * @param completions for preprocessing, the number of shards (one indexed pod each); 1 otherwise
 * @param parallelism for preprocessing, how many shards run at once; 1 otherwise
 * @param retriesPerShard pod retries the Job controller makes per shard (preprocessing only: its
 *     {@code backoffLimitPerIndex}); training and evaluation attempts are retried by the operator,
 *     which needs to see each failure
 * @param specHash digest of the spec the Job is created with ({@link
 *     ChildNames#SPEC_HASH_ANNOTATION})
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
    int retriesPerShard,
    String specHash) {}
