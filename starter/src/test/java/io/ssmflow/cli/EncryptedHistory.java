package io.ssmflow.cli;

import com.google.protobuf.Message;
import io.ssmflow.worker.codec.CodecKeys;
import io.ssmflow.worker.codec.EncryptionCodec;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * The raw (undecoded) histories of a workflow and its children, for tests that prove a secret never
 * reaches Temporal in plaintext: {@link #bytes()} is what the server stores, {@link #payloads()}
 * every payload in it, {@link #decodedText(Path)} those payloads decrypted with a key file and
 * concatenated.
 */
record EncryptedHistory(List<WorkflowExecutionHistory> histories) {
  /** Fetches the histories of {@code workflowId} and of every child it started, transitively. */
  static EncryptedHistory fetch(String temporalAddress, String namespace, String workflowId) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress).build());
    try {
      // The default converter: fetching a history does not decode its payloads either way.
      WorkflowClient client =
          WorkflowClient.newInstance(
              stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
      List<WorkflowExecutionHistory> out = new ArrayList<>();
      Deque<String> ids = new ArrayDeque<>(List.of(workflowId));
      while (!ids.isEmpty()) {
        WorkflowExecutionHistory h = client.fetchHistory(ids.pop());
        out.add(h);
        for (HistoryEvent e : h.getEvents()) {
          if (e.getEventType() == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED) {
            ids.add(
                e.getChildWorkflowExecutionStartedEventAttributes()
                    .getWorkflowExecution()
                    .getWorkflowId());
          }
        }
      }
      return new EncryptedHistory(List.copyOf(out));
    } finally {
      stubs.shutdownNow();
    }
  }

  /** Every history's serialized protobuf bytes, as ISO-8859-1 text (one char per byte). */
  String bytes() {
    StringBuilder sb = new StringBuilder();
    for (WorkflowExecutionHistory h : histories) {
      sb.append(new String(h.getHistory().toByteArray(), StandardCharsets.ISO_8859_1));
    }
    return sb.toString();
  }

  int events() {
    return histories.stream().mapToInt(h -> h.getEvents().size()).sum();
  }

  /** Every payload in the histories except search attributes (indexed, never encoded). */
  List<Payload> payloads() {
    List<Payload> out = new ArrayList<>();
    for (WorkflowExecutionHistory h : histories) {
      collect(h.getHistory(), out);
    }
    return out;
  }

  /** The payloads decrypted with the keys in {@code keyFile}, their data concatenated. */
  String decodedText(Path keyFile) {
    return new EncryptionCodec(CodecKeys.load(keyFile))
        .decode(payloads()).stream()
            .map(p -> p.getData().toStringUtf8())
            .reduce("", String::concat);
  }

  private static void collect(Message message, List<Payload> out) {
    if (message instanceof Payload p) {
      out.add(p);
      return;
    }
    if (message instanceof SearchAttributes) {
      return;
    }
    message
        .getAllFields()
        .forEach(
            (field, value) -> {
              if (value instanceof Message m) {
                collect(m, out);
              } else if (value instanceof Collection<?> list) {
                for (Object o : list) {
                  if (o instanceof Message m) {
                    collect(m, out);
                  }
                }
              }
            });
  }
}
