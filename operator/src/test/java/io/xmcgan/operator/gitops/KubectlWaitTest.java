package io.xmcgan.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.xmcgan.operator.Experiments;
import io.xmcgan.operator.XmcganExperiment;
import io.xmcgan.operator.reconcile.ComposedStatuses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code kubectl wait} commands docs/experiment-reference.md gives, run by kubectl itself
 * against the mock API server while the test writes statuses made by the operator's {@code
 * StatusComposer}: {@code --for=condition=Reconciling=False} ends on success and on failure, {@code
 * --for=condition=Succeeded} waits through a failure. Skips when kubectl is not installed.
 */
@EnableKubernetesMockClient(crud = true)
class KubectlWaitTest {

  static final String NS = "wait";

  /** kubectl's discovery requests carry this query, which the mock server's paths must match. */
  static final String DISCOVERY = "?timeout=32s";

  KubernetesMockServer server;
  KubernetesClient client;
  @TempDir Path dir;

  @BeforeEach
  void discovery() {
    assumeTrue(kubectl(), "kubectl is not installed");
    String group = HasMetadata.getGroup(XmcganExperiment.class);
    String version = HasMetadata.getVersion(XmcganExperiment.class);
    server
        .expect()
        .get()
        .withPath("/api" + DISCOVERY)
        .andReturn(200, new APIVersionsBuilder().withVersions("v1").build())
        .always();
    server
        .expect()
        .get()
        .withPath("/apis" + DISCOVERY)
        .andReturn(
            200,
            new APIGroupListBuilder()
                .withGroups(
                    new APIGroupBuilder()
                        .withName(group)
                        .withVersions(
                            new GroupVersionForDiscoveryBuilder()
                                .withGroupVersion(group + "/" + version)
                                .withVersion(version)
                                .build())
                        .build())
                .build())
        .always();
    server
        .expect()
        .get()
        .withPath("/apis/" + group + "/" + version + DISCOVERY)
        .andReturn(
            200,
            new APIResourceListBuilder()
                .withGroupVersion(group + "/" + version)
                .withResources(
                    new APIResourceBuilder()
                        .withName(HasMetadata.getPlural(XmcganExperiment.class))
                        .withSingularName(HasMetadata.getSingular(XmcganExperiment.class))
                        .withKind(HasMetadata.getKind(XmcganExperiment.class))
                        .withNamespaced(true)
                        .withShortNames("xmc")
                        .withVerbs("get", "list", "watch")
                        .build())
                .build())
        .always();
  }

  @Test
  void reconcilingFalseEndsOnSuccess() throws Exception {
    XmcganExperiment experiment = create("ok", "Training, Ready");
    Process wait = kubectlWait("ok", "--for=condition=Reconciling=False", "60s");

    assertThat(wait.waitFor(2, TimeUnit.SECONDS)).as("still waiting while Training").isFalse();
    status(experiment, "Succeeded");
    assertThat(wait.waitFor(20, TimeUnit.SECONDS)).as("ended after Succeeded").isTrue();
    assertThat(wait.exitValue()).as(logs()).isZero();
  }

  @Test
  void reconcilingFalseEndsOnFailureWhereSucceededWaitsOn() throws Exception {
    XmcganExperiment experiment = create("failing", "Training, Ready");
    Process done = kubectlWait("failing", "--for=condition=Reconciling=False", "60s");
    Process succeeded = kubectlWait("failing", "--for=condition=Succeeded", "6s");

    status(experiment, "Failed, exit 2");

    assertThat(done.waitFor(20, TimeUnit.SECONDS)).as("ended after Failed").isTrue();
    assertThat(done.exitValue()).as(logs()).isZero();
    assertThat(succeeded.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(succeeded.exitValue()).as(logs()).isNotZero();
    assertThat(logs()).contains("timed out waiting for the condition");
  }

  private XmcganExperiment create(String name, String situation) {
    XmcganExperiment experiment =
        Experiments.experiment(NS, name, Experiments.tiny("http://minio.minio:9000", "bucket"));
    return status(client.resource(experiment).create(), situation);
  }

  private XmcganExperiment status(XmcganExperiment experiment, String situation) {
    XmcganExperiment current = client.resource(experiment).get();
    current.setStatus(ComposedStatuses.all().get(situation));
    return client.resource(current).updateStatus();
  }

  private Process kubectlWait(String name, String condition, String timeout) throws IOException {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: mock
            cluster:
              server: %s
              insecure-skip-tls-verify: true
        users:
          - name: test
            user:
              token: test
        contexts:
          - name: mock
            context:
              cluster: mock
              user: test
        current-context: mock
        """
            .formatted(client.getConfiguration().getMasterUrl()));
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of("-n", NS, "wait", "xmc/" + name, condition, "--timeout=" + timeout));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + condition.replaceAll("\\W", "-") + ".log").toFile())
        .start();
  }

  /** What every kubectl of the test printed. */
  private String logs() {
    try (var files = Files.list(dir)) {
      StringBuilder all = new StringBuilder();
      for (Path log : files.filter(p -> p.toString().endsWith(".log")).toList()) {
        all.append(log.getFileName())
            .append(": ")
            .append(Files.readString(log, StandardCharsets.UTF_8));
      }
      return all.toString();
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static boolean kubectl() {
    try {
      Process p =
          new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
