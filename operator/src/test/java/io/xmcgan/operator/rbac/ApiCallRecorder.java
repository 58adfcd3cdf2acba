package io.xmcgan.operator.rbac;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Kubernetes client that records every request it sends: given to the operator, it shows what the
 * operator asks of the API server, apart from what a test does on the same server.
 */
final class ApiCallRecorder {

  private final ConcurrentLinkedQueue<ApiCall> calls = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Permission> admission = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

  /** A new client for {@code config}'s API server whose requests this recorder keeps. */
  KubernetesClient client(Config config) {
    Interceptor recorder =
        new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            try {
              ApiCall call = ApiCall.of(request.method(), request.uri());
              if (call != null) {
                calls.add(call);
                if (request.method().equals("POST") || request.method().equals("PUT")) {
                  admission.addAll(ApiCall.ownerFinalizers(request.bodyString()));
                }
              }
            } catch (RuntimeException e) {
              // Kept for the test to report: thrown here, it would only fail the operator's call.
              problems.add(request.method() + " " + request.uri() + ": " + e.getMessage());
            }
          }
        };
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("api-calls", recorder))
        .build();
  }

  /** Requests the recorder could not read (an unknown method, a body that is not JSON, …). */
  List<String> problems() {
    return List.copyOf(problems);
  }

  List<ApiCall> calls() {
    return List.copyOf(calls);
  }

  /**
   * Every permission the recorded requests need: their own, and what admission asks of their bodies
   * (owner references that block deletion).
   */
  Set<Permission> needed() {
    return Stream.concat(calls.stream().map(ApiCall::permission), admission.stream())
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
