package io.ssmflow.simulator.sns;

import static io.ssmflow.simulator.sns.SnsInput.validateTags;

import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.http.QueryOperation;
import io.ssmflow.simulator.http.QueryRequest;
import io.ssmflow.simulator.http.XmlWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** TagResource, UntagResource and ListTagsForResource on topics. */
final class SnsTagOperations {
  private final SnsState state;

  SnsTagOperations(SnsState state) {
    this.state = state;
  }

  void register(Map<String, QueryOperation> ops) {
    ops.put("TagResource", this::tagResource);
    ops.put("UntagResource", this::untagResource);
    ops.put("ListTagsForResource", this::listTagsForResource);
  }

  private Topic taggable(QueryRequest req) {
    String arn = req.get("ResourceArn");
    if (arn == null) {
      throw SnsErrors.missing("ResourceArn");
    }
    Topic t = state.topics.get(arn);
    if (t == null) {
      throw SnsErrors.resourceNotFound();
    }
    return t;
  }

  private void tagResource(QueryRequest req, XmlWriter out, RequestContext ctx) {
    Map<String, String> tags = SnsInput.tags(req, "Tags.member");
    synchronized (state.lock) {
      Topic t = taggable(req);
      Map<String, String> merged = new LinkedHashMap<>(t.tags);
      merged.putAll(tags);
      validateTags(merged, 0);
      t.tags.putAll(tags);
    }
  }

  private void untagResource(QueryRequest req, XmlWriter out, RequestContext ctx) {
    List<String> keys = req.list("TagKeys.member");
    synchronized (state.lock) {
      Topic t = taggable(req);
      keys.forEach(t.tags::remove);
    }
  }

  private void listTagsForResource(QueryRequest req, XmlWriter out, RequestContext ctx) {
    Map<String, String> tags;
    synchronized (state.lock) {
      tags = new LinkedHashMap<>(taggable(req).tags);
    }
    out.start("Tags");
    tags.forEach((k, v) -> out.start("member").leaf("Key", k).leaf("Value", v).end());
    out.end();
  }
}
