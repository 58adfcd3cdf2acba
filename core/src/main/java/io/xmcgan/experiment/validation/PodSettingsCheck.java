package io.xmcgan.experiment.validation;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.xmcgan.experiment.manifest.ManifestMetadata;
import io.xmcgan.experiment.resolve.PodLayout;
import io.xmcgan.experiment.spec.PodSettingsSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of {@code spec.pod}: names Kubernetes would refuse, and settings that would collide
 * with what the operator renders into every pod (its environment, labels, volumes and mounts).
 */
final class PodSettingsCheck {

  private static final String ENV_NAME = "^[-._a-zA-Z][-._a-zA-Z0-9]*$";

  private final List<Violation> violations = new ArrayList<>();

  private PodSettingsCheck() {}

  static List<Violation> check(PodSettingsSpec pod, String path) {
    PodSettingsCheck check = new PodSettingsCheck();
    if (pod != null) {
      check.checkPod(pod, path);
    }
    return check.violations;
  }

  private void checkPod(PodSettingsSpec pod, String path) {
    checkEnv(pod, path);
    List<String> jvmOptions = pod.getJvmOptions();
    for (int i = 0; jvmOptions != null && i < jvmOptions.size(); i++) {
      String option = jvmOptions.get(i);
      if (option == null || option.isBlank() || !option.startsWith("-")) {
        error(path + ".jvmOptions[" + i + "]", "must be a JVM option starting with '-'", option);
      } else if (option.chars().anyMatch(Character::isWhitespace)) {
        error(
            path + ".jvmOptions[" + i + "]",
            "must be one option without spaces; give each option its own item",
            option);
      }
    }
    List<LocalObjectReference> secrets = pod.getImagePullSecrets();
    for (int i = 0; secrets != null && i < secrets.size(); i++) {
      LocalObjectReference secret = secrets.get(i);
      name(
          path + ".imagePullSecrets[" + i + "].name",
          secret == null ? null : secret.getName(),
          ExperimentValidator.DNS_SUBDOMAIN,
          253,
          "a Secret name (DNS-1123 subdomain)");
    }
    if (pod.getServiceAccountName() != null) {
      name(
          path + ".serviceAccountName",
          pod.getServiceAccountName(),
          ExperimentValidator.DNS_SUBDOMAIN,
          253,
          "a ServiceAccount name (DNS-1123 subdomain)");
    }
    if (pod.getLabels() != null && pod.getLabels().size() > ExperimentValidator.MAX_POD_LABELS) {
      error(
          path + ".labels",
          "must have at most " + ExperimentValidator.MAX_POD_LABELS + " entries",
          pod.getLabels().size());
    }
    checkLabels(path + ".labels", pod.getLabels(), true, true);
    checkLabels(path + ".annotations", pod.getAnnotations(), false, true);
    Set<String> volumes = checkVolumes(pod, path);
    checkMounts(pod, path, volumes);
    String shm = pod.getShmSize();
    if (shm != null
        && (!shm.matches(ExperimentValidator.QUANTITY_PATTERN)
            || shm.length() > 64
            || shm.matches(ExperimentValidator.ZERO_QUANTITY_PATTERN))) {
      error(path + ".shmSize", "must be a positive quantity such as 8Gi or 512Mi", shm);
    }
    Long grace = pod.getTerminationGracePeriodSeconds();
    if (grace != null && grace < 0) {
      error(path + ".terminationGracePeriodSeconds", "must be >= 0", grace);
    }
  }

  private void checkEnv(PodSettingsSpec pod, String path) {
    List<EnvVar> env = pod.getEnv();
    if (env != null && env.size() > ExperimentValidator.MAX_ENV) {
      error(
          path + ".env", "must have at most " + ExperimentValidator.MAX_ENV + " items", env.size());
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; env != null && i < env.size(); i++) {
      String at = path + ".env[" + i + "].name";
      String name = env.get(i) == null ? null : env.get(i).getName();
      if (name == null || !name.matches(ENV_NAME)) {
        error(at, "must be an environment variable name (letters, digits, '_', '-', '.')", name);
      } else if (name.startsWith(PodLayout.ENV_PREFIX)) {
        error(
            at, "is set by the operator (names starting with " + PodLayout.ENV_PREFIX + ")", name);
      } else if (name.equals(PodLayout.JVM_OPTIONS_VARIABLE) && pod.getJvmOptions() != null) {
        error(at, "is rendered from spec.pod.jvmOptions; set one or the other", name);
      } else if (!seen.add(name)) {
        error(at, "is set twice", name);
      }
    }
  }

  /** The label and annotation keys and the label values of the experiment's own metadata. */
  static List<Violation> checkMetadata(ManifestMetadata metadata) {
    PodSettingsCheck check = new PodSettingsCheck();
    check.checkLabels("metadata.labels", metadata.labels(), true, false);
    check.checkLabels("metadata.annotations", metadata.annotations(), false, false);
    return check.violations;
  }

  /**
   * @param operatorsPrefix whether keys starting with the operator's label prefix are refused (the
   *     pods' labels, which the operator also writes)
   */
  private void checkLabels(
      String path, Map<String, String> entries, boolean labels, boolean operatorsPrefix) {
    if (entries == null) {
      return;
    }
    for (Map.Entry<String, String> entry : entries.entrySet()) {
      String key = entry.getKey();
      if (!qualifiedName(key)) {
        error(path, "keys must be qualified names ([prefix/]name, name <= 63 chars)", key);
      } else if (labels && operatorsPrefix && key.startsWith(PodLayout.LABEL_PREFIX)) {
        error(path, "keys starting with " + PodLayout.LABEL_PREFIX + " are the operator's", key);
      }
      String value = entry.getValue();
      if (labels
          && (value == null
              || !value.matches(ExperimentValidator.LABEL_VALUE)
              || value.length() > 63)) {
        error(path + "." + key, "must be a label value (<= 63 chars)", value);
      }
    }
  }

  private Set<String> checkVolumes(PodSettingsSpec pod, String path) {
    Set<String> names = new HashSet<>();
    List<Volume> volumes = pod.getVolumes();
    for (int i = 0; volumes != null && i < volumes.size(); i++) {
      String at = path + ".volumes[" + i + "].name";
      String name = volumes.get(i) == null ? null : volumes.get(i).getName();
      if (name == null || name.length() > 63 || !name.matches(ExperimentValidator.DNS_LABEL)) {
        error(at, "must be a volume name (DNS-1123 label)", name);
      } else if (PodLayout.VOLUMES.contains(name)) {
        error(
            at,
            "is a volume of the operator's (" + String.join(", ", PodLayout.VOLUMES) + ")",
            name);
      } else if (!names.add(name)) {
        error(at, "is used by two volumes", name);
      }
    }
    return names;
  }

  private void checkMounts(PodSettingsSpec pod, String path, Set<String> volumes) {
    List<VolumeMount> mounts = pod.getVolumeMounts();
    Set<String> paths = new HashSet<>();
    for (int i = 0; mounts != null && i < mounts.size(); i++) {
      String at = path + ".volumeMounts[" + i + "]";
      VolumeMount mount = mounts.get(i);
      String name = mount == null ? null : mount.getName();
      if (name == null || !volumes.contains(name)) {
        error(at + ".name", "must name one of spec.pod.volumes", name);
      }
      String mountPath = mount == null ? null : mount.getMountPath();
      if (mountPath == null || !mountPath.startsWith("/")) {
        error(at + ".mountPath", "must be an absolute path", mountPath);
      } else if (PodLayout.MOUNT_PATHS.contains(stripSlash(mountPath))) {
        error(at + ".mountPath", "is mounted by the operator; use another path", mountPath);
      } else if (!paths.add(stripSlash(mountPath))) {
        error(at + ".mountPath", "is mounted twice", mountPath);
      }
    }
  }

  private static boolean qualifiedName(String key) {
    if (key == null) {
      return false;
    }
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    String prefix = slash < 0 ? null : key.substring(0, slash);
    return name.matches(ExperimentValidator.LABEL_NAME)
        && name.length() <= 63
        && (prefix == null
            || (prefix.matches(ExperimentValidator.DNS_SUBDOMAIN) && prefix.length() <= 253));
  }

  private static String stripSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private void name(String path, String value, String pattern, int maxLength, String form) {
    if (value == null || value.length() > maxLength || !value.matches(pattern)) {
      error(path, "must be " + form, value);
    }
  }

  private void error(String path, String message, Object got) {
    violations.add(Violation.error(path, message, got));
  }
}
