package io.ssmflow.simulator.ec2;

import io.ssmflow.simulator.core.Ids;
import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.fleet.Instance;
import io.ssmflow.simulator.fleet.Volume;
import io.ssmflow.simulator.http.QueryOperation;
import io.ssmflow.simulator.http.QueryRequest;
import io.ssmflow.simulator.http.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** DescribeInstances, StopInstances, StartInstances and RebootInstances. */
final class InstanceOperations {
  private static final String VPC_ID = Ids.stable("vpc", "vpc/default");
  private static final String SECURITY_GROUP_ID = Ids.stable("sg", "security-group/default");

  private final Ec2State state;
  private final InstanceLifecycle lifecycle;
  private final Filters<Instance> filters;

  InstanceOperations(Ec2State state, InstanceLifecycle lifecycle) {
    this.state = state;
    this.lifecycle = lifecycle;
    this.filters =
        new Filters<Instance>(Instance::tags)
            .one("instance-id", Instance::id)
            .one("instance-type", Instance::instanceType)
            .one("instance-state-name", Instance::state)
            .one("instance-state-code", i -> Ec2Xml.stateCode(i.state()))
            .one("private-ip-address", Instance::privateIpAddress)
            .one("private-dns-name", InstanceOperations::privateDnsName)
            .one("platform", i -> isWindows(i) ? "windows" : null)
            .one("platform-details", InstanceOperations::platformDetails)
            .one("availability-zone", Instance::availabilityZone)
            .one("image-id", Instance::imageId)
            .one("architecture", i -> "x86_64")
            .one("root-device-type", i -> "ebs")
            .one("root-device-name", InstanceOperations::rootDeviceName)
            .one("vpc-id", i -> VPC_ID)
            .one("subnet-id", i -> subnetId(i.availabilityZone()))
            .one("reservation-id", InstanceOperations::reservationId)
            .many(
                "block-device-mapping.volume-id",
                i -> i.volumes().stream().map(Volume::id).toList())
            .many(
                "block-device-mapping.device-name",
                i -> i.volumes().stream().map(Volume::device).toList());
  }

  void register(Map<String, QueryOperation> ops) {
    ops.put("DescribeInstances", this::describeInstances);
    ops.put("StopInstances", (r, out, ctx) -> changes(r, out, lifecycle::stop));
    ops.put("StartInstances", (r, out, ctx) -> changes(r, out, lifecycle::start));
    ops.put("RebootInstances", this::rebootInstances);
  }

  private void describeInstances(QueryRequest request, XmlWriter out, RequestContext ctx) {
    Ec2Requests.checkDryRun(request);
    List<String> ids = Ec2Requests.ids(request, "InstanceId", Ec2Id.INSTANCE);
    Integer max = Paging.maxResults(request, 5, 1000);
    if (!ids.isEmpty() && max != null) {
      throw Ec2Errors.combination(
          "The parameter instancesSet cannot be used with the parameter maxResults");
    }
    Predicate<Instance> filter = filters.parse(request);
    List<Instance> candidates = ids.isEmpty() ? state.fleet.instances() : lookup(ids);
    List<Instance> matched = candidates.stream().filter(filter).toList();
    Paging.Page<Instance> page =
        Paging.page(matched, max, request.get("NextToken"), "DescribeInstances");
    out.start("reservationSet");
    for (Instance i : page.items()) {
      // One reservation per instance, as if each had been launched on its own.
      out.start("item")
          .leaf("reservationId", reservationId(i))
          .leaf("ownerId", ctx.accountId())
          .empty("groupSet")
          .start("instancesSet");
      writeInstance(out, i, ctx);
      out.end().end();
    }
    out.end();
    out.leaf("nextToken", page.nextToken());
  }

  private void rebootInstances(QueryRequest request, XmlWriter out, RequestContext ctx) {
    Ec2Requests.checkDryRun(request);
    lifecycle.reboot(lookup(Ec2Requests.requiredIds(request, "InstanceId", Ec2Id.INSTANCE)));
    Ec2Xml.returnTrue(out);
  }

  private interface Transition {
    List<InstanceLifecycle.Change> apply(List<Instance> instances);
  }

  private void changes(QueryRequest request, XmlWriter out, Transition transition) {
    Ec2Requests.checkDryRun(request);
    List<Instance> instances =
        lookup(Ec2Requests.requiredIds(request, "InstanceId", Ec2Id.INSTANCE));
    out.start("instancesSet");
    for (InstanceLifecycle.Change c : transition.apply(instances)) {
      out.start("item").leaf("instanceId", c.instanceId());
      Ec2Xml.instanceState(out, "currentState", c.current());
      Ec2Xml.instanceState(out, "previousState", c.previous());
      out.end();
    }
    out.end();
  }

  /** The instances in request order; any unknown id fails the whole call, as in EC2. */
  private List<Instance> lookup(List<String> ids) {
    List<Instance> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      Optional<Instance> i = state.fleet.instance(id);
      if (i.isPresent()) {
        found.add(i.get());
      } else {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      throw Ec2Errors.instanceNotFound(missing);
    }
    return found;
  }

  private void writeInstance(XmlWriter out, Instance i, RequestContext ctx) {
    String instanceState = i.state();
    String dns = privateDnsName(i);
    String subnet = subnetId(i.availabilityZone());
    InstanceLifecycle.StateReason reason = lifecycle.reason(i);
    out.start("item").leaf("instanceId", i.id()).leaf("imageId", i.imageId());
    Ec2Xml.instanceState(out, "instanceState", instanceState);
    out.leaf("privateDnsName", dns)
        .empty("dnsName")
        .leaf("reason", reason == null ? "" : reason.transitionReason())
        .leaf("amiLaunchIndex", 0)
        .empty("productCodes")
        .leaf("instanceType", i.instanceType())
        .leaf("launchTime", i.launchTime())
        .start("placement")
        .leaf("availabilityZone", i.availabilityZone())
        .empty("groupName")
        .leaf("tenancy", "default")
        .end();
    if (isWindows(i)) {
      out.leaf("platform", "windows");
    }
    out.start("monitoring")
        .leaf("state", "disabled")
        .end()
        .leaf("subnetId", subnet)
        .leaf("vpcId", VPC_ID)
        .leaf("privateIpAddress", i.privateIpAddress())
        .leaf("sourceDestCheck", true);
    securityGroups(out);
    if (reason != null) {
      out.start("stateReason").leaf("code", reason.code()).leaf("message", reason.message()).end();
    }
    out.leaf("architecture", "x86_64")
        .leaf("rootDeviceType", "ebs")
        .leaf("rootDeviceName", rootDeviceName(i))
        .start("blockDeviceMapping");
    for (Volume v : i.volumes()) {
      out.start("item")
          .leaf("deviceName", v.device())
          .start("ebs")
          .leaf("volumeId", v.id())
          .leaf("status", "attached")
          .leaf("attachTime", v.createTime())
          .leaf("deleteOnTermination", v.root())
          .end()
          .end();
    }
    out.end().leaf("virtualizationType", "hvm").leaf("clientToken", "").leaf("hypervisor", "xen");
    Ec2Xml.tagSet(out, i.tags());
    networkInterface(out, i, dns, subnet, ctx);
    out.leaf("ebsOptimized", false)
        .leaf("enaSupport", true)
        .start("cpuOptions")
        .leaf("coreCount", 1)
        .leaf("threadsPerCore", 2)
        .end()
        .start("capacityReservationSpecification")
        .leaf("capacityReservationPreference", "open")
        .end()
        .start("hibernationOptions")
        .leaf("configured", false)
        .end()
        .start("metadataOptions")
        .leaf("state", "applied")
        .leaf("httpTokens", "required")
        .leaf("httpPutResponseHopLimit", 2)
        .leaf("httpEndpoint", "enabled")
        .leaf("httpProtocolIpv6", "disabled")
        .leaf("instanceMetadataTags", "disabled")
        .end()
        .start("enclaveOptions")
        .leaf("enabled", false)
        .end()
        .leaf("platformDetails", platformDetails(i))
        .leaf("usageOperation", isWindows(i) ? "RunInstances:0002" : "RunInstances")
        .leaf("usageOperationUpdateTime", i.launchTime())
        .start("privateDnsNameOptions")
        .leaf("hostnameType", "ip-name")
        .leaf("enableResourceNameDnsARecord", false)
        .leaf("enableResourceNameDnsAAAARecord", false)
        .end()
        .start("maintenanceOptions")
        .leaf("autoRecovery", "default")
        .end()
        .leaf("currentInstanceBootMode", "legacy-bios")
        .end();
  }

  private static void networkInterface(
      XmlWriter out, Instance i, String dns, String subnet, RequestContext ctx) {
    out.start("networkInterfaceSet")
        .start("item")
        .leaf("networkInterfaceId", Ids.stable("eni", "network-interface/" + i.id()))
        .leaf("subnetId", subnet)
        .leaf("vpcId", VPC_ID)
        .leaf("description", "")
        .leaf("ownerId", ctx.accountId())
        .leaf("status", "in-use")
        .leaf("macAddress", macAddress(i.id()))
        .leaf("privateIpAddress", i.privateIpAddress())
        .leaf("privateDnsName", dns)
        .leaf("sourceDestCheck", true);
    securityGroups(out);
    out.start("attachment")
        .leaf("attachmentId", Ids.stable("eni-attach", "attachment/" + i.id()))
        .leaf("deviceIndex", 0)
        .leaf("status", "attached")
        .leaf("attachTime", i.launchTime())
        .leaf("deleteOnTermination", true)
        .leaf("networkCardIndex", 0)
        .end()
        .start("privateIpAddressesSet")
        .start("item")
        .leaf("privateIpAddress", i.privateIpAddress())
        .leaf("privateDnsName", dns)
        .leaf("primary", true)
        .end()
        .end()
        .empty("ipv6AddressesSet")
        .leaf("interfaceType", "interface")
        .end()
        .end();
  }

  private static void securityGroups(XmlWriter out) {
    out.start("groupSet")
        .start("item")
        .leaf("groupId", SECURITY_GROUP_ID)
        .leaf("groupName", "default")
        .end()
        .end();
  }

  static boolean isWindows(Instance i) {
    return "Windows".equalsIgnoreCase(i.platformType());
  }

  private static String platformDetails(Instance i) {
    return isWindows(i) ? "Windows" : "Linux/UNIX";
  }

  private static String rootDeviceName(Instance i) {
    Volume root = i.rootVolume();
    return root == null ? "/dev/xvda" : root.device();
  }

  static String privateDnsName(Instance i) {
    return "ip-" + i.privateIpAddress().replace('.', '-') + ".ec2.internal";
  }

  private static String subnetId(String availabilityZone) {
    return Ids.stable("subnet", "subnet/" + availabilityZone);
  }

  private static String reservationId(Instance i) {
    return Ids.stable("r", "reservation/" + i.id());
  }

  private static String macAddress(String instanceId) {
    String hex = Ids.stable("mac", "mac/" + instanceId).substring(4);
    StringBuilder mac = new StringBuilder("02");
    for (int k = 0; k < 10; k += 2) {
      mac.append(':').append(hex, k, k + 2);
    }
    return mac.toString();
  }
}
