package io.ssmflow.activities.command;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeInstanceInformationRequest;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;

/** DescribeInstanceInformation for a batch: which of its instances SSM manages, and their ping. */
final class ManagedInstances {
  private static final Logger log = LoggerFactory.getLogger(ManagedInstances.class);
  static final String ONLINE = "Online";

  private final SsmClient ssm;

  ManagedInstances(SsmClient ssm) {
    this.ssm = requireNonNull(ssm, "ssm is null");
  }

  /**
   * The ping status (Online, ConnectionLost, Inactive) of each instance SSM manages among these; an
   * instance SSM does not manage is absent. Empty when SSM could not be asked.
   */
  Optional<Map<String, String>> pingStatus(List<String> instanceIds) {
    DescribeInstanceInformationRequest request =
        DescribeInstanceInformationRequest.builder()
            .filters(
                InstanceInformationStringFilter.builder()
                    .key("InstanceIds")
                    .values(instanceIds)
                    .build())
            .maxResults(50)
            .overrideConfiguration(o -> o.apiCallTimeout(SsmCalls.READ_CALL_TIMEOUT))
            .build();
    Map<String, String> ping = new HashMap<>();
    try {
      for (var page : ssm.describeInstanceInformationPaginator(request)) {
        for (InstanceInformation info : page.instanceInformationList()) {
          ping.put(info.instanceId(), info.pingStatusAsString());
        }
      }
    } catch (SdkException e) {
      log.info(
          "DescribeInstanceInformation failed ({}); isolating by halves instead", e.getMessage());
      return Optional.empty();
    }
    return Optional.of(ping);
  }
}
