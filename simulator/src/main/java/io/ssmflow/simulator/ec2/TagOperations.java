package io.ssmflow.simulator.ec2;

import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.fleet.Instance;
import io.ssmflow.simulator.http.QueryOperation;
import io.ssmflow.simulator.http.QueryRequest;
import io.ssmflow.simulator.http.XmlWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CreateTags and DeleteTags on instances, volumes, snapshots and replace-root-volume tasks.
 * Instance tags live on the fleet's {@link Instance}, so SSM targeting by tag sees them at once.
 */
final class TagOperations {
  private final Ec2State state;

  TagOperations(Ec2State state) {
    this.state = state;
  }

  void register(Map<String, QueryOperation> ops) {
    ops.put("CreateTags", this::createTags);
    ops.put("DeleteTags", this::deleteTags);
  }

  /** A resource that can carry tags. */
  private interface Taggable {
    Map<String, String> tags();

    void put(Map<String, String> tags);

    void remove(String key, String valueOrNull);
  }

  private void createTags(QueryRequest request, XmlWriter out, RequestContext ctx) {
    Ec2Requests.checkDryRun(request);
    List<Taggable> resources = resources(request);
    Map<String, String> tags = Ec2Requests.tags(request, "Tag");
    if (tags.isEmpty()) {
      throw Ec2Errors.missing("Tag");
    }
    for (Taggable r : resources) {
      Map<String, String> merged = new HashMap<>(r.tags());
      merged.putAll(tags);
      Ec2Requests.checkTagCount(merged.size());
    }
    resources.forEach(r -> r.put(tags));
    Ec2Xml.returnTrue(out);
  }

  /**
   * A tag given with a value is deleted only when the value matches; a tag given without one is
   * deleted whatever its value; no tags at all deletes every tag, as EC2 documents.
   */
  private void deleteTags(QueryRequest request, XmlWriter out, RequestContext ctx) {
    Ec2Requests.checkDryRun(request);
    List<Taggable> resources = resources(request);
    List<QueryRequest> tags = request.structList("Tag");
    for (Taggable r : resources) {
      if (tags.isEmpty()) {
        new ArrayList<>(r.tags().keySet()).forEach(k -> r.remove(k, null));
        continue;
      }
      for (QueryRequest t : tags) {
        String key = t.get("Key");
        if (key == null || key.isEmpty()) {
          throw Ec2Errors.invalidValue("Tag key must not be empty");
        }
        r.remove(key, t.get("Value"));
      }
    }
    Ec2Xml.returnTrue(out);
  }

  /** Every resource named by {@code ResourceId.N}; all must exist before any is changed. */
  private List<Taggable> resources(QueryRequest request) {
    List<String> ids = request.list("ResourceId");
    if (ids.isEmpty()) {
      throw Ec2Errors.missing("ResourceId");
    }
    List<Taggable> out = new ArrayList<>();
    for (String raw : ids) {
      String id = raw.trim();
      Ec2Id kind = Ec2Id.of(id);
      if (kind == null) {
        throw Ec2Errors.invalidId(id);
      }
      kind.check(id);
      out.add(
          switch (kind) {
            case INSTANCE -> instance(state.instance(id));
            case VOLUME -> stored(state.volume(id).id());
            case SNAPSHOT -> stored(state.snapshot(id).id());
            case REPLACE_ROOT_VOLUME_TASK -> {
              if (!state.tasks.containsKey(id)) {
                throw Ec2Errors.taskNotFound(List.of(id));
              }
              yield stored(id);
            }
          });
    }
    return out;
  }

  private static Taggable instance(Instance instance) {
    return new Taggable() {
      @Override
      public Map<String, String> tags() {
        return instance.tags();
      }

      @Override
      public void put(Map<String, String> tags) {
        tags.forEach(instance::putTag);
      }

      @Override
      public void remove(String key, String valueOrNull) {
        synchronized (instance) {
          if (valueOrNull == null || valueOrNull.equals(instance.tags().get(key))) {
            instance.removeTag(key);
          }
        }
      }
    };
  }

  private Taggable stored(String id) {
    return new Taggable() {
      @Override
      public Map<String, String> tags() {
        return state.tags.get(id);
      }

      @Override
      public void put(Map<String, String> tags) {
        state.tags.putAll(id, tags);
      }

      @Override
      public void remove(String key, String valueOrNull) {
        state.tags.remove(id, key, valueOrNull);
      }
    };
  }
}
