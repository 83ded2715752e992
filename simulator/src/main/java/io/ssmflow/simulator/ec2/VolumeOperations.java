package io.ssmflow.simulator.ec2;

import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.fleet.Volume;
import io.ssmflow.simulator.http.QueryOperation;
import io.ssmflow.simulator.http.QueryRequest;
import io.ssmflow.simulator.http.XmlWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** DescribeVolumes over the fleet's EBS volumes (gp3, 3000 IOPS, unencrypted). */
final class VolumeOperations {
  private final Ec2State state;
  private final Filters<Volume> filters;

  VolumeOperations(Ec2State state) {
    this.state = state;
    this.filters =
        new Filters<Volume>(v -> state.tags.get(v.id()))
            .one("volume-id", Volume::id)
            .one("status", VolumeOperations::status)
            .one("size", Volume::sizeGiB)
            .one("availability-zone", Volume::availabilityZone)
            .one("volume-type", v -> "gp3")
            .one("encrypted", v -> false)
            .one("multi-attach-enabled", v -> false)
            .one("snapshot-id", v -> state.volumeSources.getOrDefault(v.id(), ""))
            .one("attachment.instance-id", Volume::instanceId)
            .one("attachment.device", v -> v.instanceId() == null ? null : v.device())
            .one("attachment.status", v -> v.instanceId() == null ? null : "attached")
            .one("attachment.delete-on-termination", v -> v.instanceId() == null ? null : v.root());
  }

  void register(Map<String, QueryOperation> ops) {
    ops.put("DescribeVolumes", this::describeVolumes);
  }

  private void describeVolumes(QueryRequest request, XmlWriter out, RequestContext ctx) {
    Ec2Requests.checkDryRun(request);
    List<String> ids = Ec2Requests.ids(request, "VolumeId", Ec2Id.VOLUME);
    Integer max = Paging.maxResultsCapped(request, 5, 500);
    Predicate<Volume> filter = filters.parse(request);
    List<Volume> candidates;
    if (ids.isEmpty()) {
      // Creation order, then id: stable across pages.
      candidates =
          state.fleet.volumes().stream()
              .sorted(Comparator.comparing(Volume::createTime).thenComparing(Volume::id))
              .toList();
    } else {
      candidates = lookup(ids);
    }
    List<Volume> matched = candidates.stream().filter(filter).toList();
    Paging.Page<Volume> page =
        Paging.page(matched, max, request.get("NextToken"), "DescribeVolumes");
    out.start("volumeSet");
    page.items().forEach(v -> write(out, v));
    out.end();
    out.leaf("nextToken", page.nextToken());
  }

  private List<Volume> lookup(List<String> ids) {
    List<Volume> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      Optional<Volume> v = state.fleet.volume(id);
      if (v.isPresent()) {
        found.add(v.get());
      } else {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      throw Ec2Errors.volumeNotFound(missing);
    }
    return found;
  }

  static String status(Volume v) {
    return v.instanceId() == null ? "available" : "in-use";
  }

  private void write(XmlWriter out, Volume v) {
    out.start("item")
        .leaf("volumeId", v.id())
        .leaf("size", v.sizeGiB())
        .leaf("snapshotId", state.volumeSources.getOrDefault(v.id(), ""))
        .leaf("availabilityZone", v.availabilityZone())
        .leaf("status", status(v))
        .leaf("createTime", v.createTime())
        .start("attachmentSet");
    if (v.instanceId() != null) {
      out.start("item")
          .leaf("volumeId", v.id())
          .leaf("instanceId", v.instanceId())
          .leaf("device", v.device())
          .leaf("status", "attached")
          .leaf("attachTime", v.createTime())
          .leaf("deleteOnTermination", v.root())
          .end();
    }
    out.end()
        .leaf("volumeType", "gp3")
        .leaf("iops", 3000)
        .leaf("throughput", 125)
        .leaf("encrypted", false)
        .leaf("multiAttachEnabled", false);
    Ec2Xml.tagSet(out, state.tags.get(v.id()));
    out.end();
  }
}
