package io.xmcgan.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.xmcgan.experiment.manifest.ExperimentManifests;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.operator.workloads.JobRenderer;
import io.xmcgan.storage.testing.InProcessS3Server;

/** Experiments and Secrets as users write them, pointed at the in-process S3 server. */
public final class Experiments {

  public static final String SECRET = "s3-credentials";

  private Experiments() {}

  public static ExperimentSpec tiny(String endpoint, String bucket) {
    return ExperimentManifests.readSpec(
        """
        dataset:
          source:
            builtin: shapes
        model:
          preset: tiny
        training:
          steps: 1000
        storage:
          endpoint: %s
          bucket: %s
          credentialsSecret: %s
        """
            .formatted(endpoint, bucket, SECRET));
  }

  public static XmcganExperiment experiment(String namespace, String name, ExperimentSpec spec) {
    XmcganExperiment experiment = new XmcganExperiment();
    experiment.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    experiment.setSpec(spec);
    return experiment;
  }

  public static Secret credentials(String namespace) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(SECRET)
        .withNamespace(namespace)
        .endMetadata()
        .addToStringData(JobRenderer.SECRET_ACCESS_KEY, InProcessS3Server.ACCESS_KEY)
        .addToStringData(JobRenderer.SECRET_SECRET_KEY, InProcessS3Server.SECRET_KEY)
        .build();
  }
}
