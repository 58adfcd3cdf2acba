package io.xmcgan.experiment.resolve;

import java.util.List;

/**
 * What the operator puts into every stage pod, so that {@code spec.pod} can be checked against it
 * offline: its volumes and mount paths, its environment and its labels.
 */
public final class PodLayout {

  /** The resolved experiment, mounted read-only. */
  public static final String CONFIG_VOLUME = "config";

  public static final String CONFIG_DIR = "/etc/xmcgan";

  /** Scratch space: the root file system is read-only. */
  public static final String TMP_VOLUME = "tmp";

  public static final String TMP_DIR = "/tmp";

  /** Memory-backed shared memory when spec.pod.shmSize is set. */
  public static final String SHM_VOLUME = "dshm";

  public static final String SHM_DIR = "/dev/shm";

  /** The operator's environment variables (storage endpoint and credentials, experiment name). */
  public static final String ENV_PREFIX = "XMCGAN_";

  /** Where spec.pod.jvmOptions go: the java launcher reads it after JAVA_TOOL_OPTIONS. */
  public static final String JVM_OPTIONS_VARIABLE = "JDK_JAVA_OPTIONS";

  /** The operator's labels (experiment, stage, attempt, run). */
  public static final String LABEL_PREFIX = "xmcgan.io/";

  public static final List<String> VOLUMES = List.of(CONFIG_VOLUME, TMP_VOLUME, SHM_VOLUME);

  public static final List<String> MOUNT_PATHS = List.of(CONFIG_DIR, TMP_DIR, SHM_DIR);

  private PodLayout() {}
}
