package io.ssmflow.worker;

import io.ssmflow.worker.codec.PayloadEncryption;
import io.ssmflow.workflows.common.TaskQueues;
import java.nio.file.Path;
import java.util.Map;

/**
 * How a process reaches Temporal, read from the environment (docs/design.md §3); CLI flags override
 * single fields through the {@code with} methods.
 *
 * @param temporalAddress the frontend, {@code host:port} ({@code TEMPORAL_ADDRESS})
 * @param namespace the namespace ({@code TEMPORAL_NAMESPACE})
 * @param taskQueue the task queue workflows and activities run on ({@code SSMFLOW_TASK_QUEUE})
 * @param codecKeyFile the payload encryption key file ({@code SSMFLOW_CODEC_KEY_FILE}), or null for
 *     unencrypted payloads
 */
public record WorkerConfig(
    String temporalAddress, String namespace, String taskQueue, Path codecKeyFile) {
  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
  public static final String DEFAULT_NAMESPACE = "default";

  public WorkerConfig {
    temporalAddress = required("Temporal address", temporalAddress);
    namespace = required("namespace", namespace);
    taskQueue = required("task queue", taskQueue);
    int colon = temporalAddress.lastIndexOf(':');
    if (colon <= 0
        || colon == temporalAddress.length() - 1
        || !temporalAddress.substring(colon + 1).chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "Temporal address must be host:port, not '" + temporalAddress + "'");
    }
  }

  /** Without payload encryption. */
  public WorkerConfig(String temporalAddress, String namespace, String taskQueue) {
    this(temporalAddress, namespace, taskQueue, null);
  }

  /** The defaults, each overridden by its environment variable when set and not blank. */
  public static WorkerConfig fromEnvironment(Map<String, String> env) {
    return new WorkerConfig(
        value(env, "TEMPORAL_ADDRESS", DEFAULT_ADDRESS),
        value(env, "TEMPORAL_NAMESPACE", DEFAULT_NAMESPACE),
        value(env, "SSMFLOW_TASK_QUEUE", TaskQueues.DEFAULT),
        PayloadEncryption.keyFile(env));
  }

  public WorkerConfig withTemporalAddress(String address) {
    return address == null ? this : new WorkerConfig(address, namespace, taskQueue, codecKeyFile);
  }

  public WorkerConfig withNamespace(String name) {
    return name == null ? this : new WorkerConfig(temporalAddress, name, taskQueue, codecKeyFile);
  }

  public WorkerConfig withTaskQueue(String queue) {
    return queue == null ? this : new WorkerConfig(temporalAddress, namespace, queue, codecKeyFile);
  }

  public WorkerConfig withCodecKeyFile(Path keyFile) {
    return keyFile == null
        ? this
        : new WorkerConfig(temporalAddress, namespace, taskQueue, keyFile);
  }

  private static String value(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  private static String required(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
    return value.trim();
  }
}
