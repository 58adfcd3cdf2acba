package io.xmcgan.training;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with libtorch on one intra-op thread. With several threads the CPU kernels do
 * not give bit-identical results from run to run, and one Adam step turns a last-bit difference in
 * a near-zero gradient into a full learning-rate step; tests that compare two computations for
 * equality need one thread.
 */
final class SingleThreadedTorch implements BeforeAllCallback, AfterAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SingleThreadedTorch.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    Engine.getEngine("PyTorch");
    context.getStore(NAMESPACE).put("threads", JniUtils.getNumThreads());
    JniUtils.setNumThreads(1);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    JniUtils.setNumThreads(context.getStore(NAMESPACE).get("threads", Integer.class));
  }
}
