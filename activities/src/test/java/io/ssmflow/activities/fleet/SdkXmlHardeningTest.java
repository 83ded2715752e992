package io.ssmflow.activities.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The SDK's XML answers are parsed by Woodstox (FleetActivitiesImplTest): a hostile endpoint's
 * DOCTYPE must neither read a local file into a field nor reach out for an external entity.
 */
class SdkXmlHardeningTest {

  @Test
  void aDoctypeWithExternalEntitiesReadsNothing(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-42");
    AtomicInteger fetched = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/dtd",
        exchange -> {
          fetched.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    String dtd = "http://127.0.0.1:" + server.getAddress().getPort() + "/dtd";
    String body =
        "<?xml version=\"1.0\"?>\n"
            + "<!DOCTYPE DescribeInstancesResponse [\n"
            + "  <!ENTITY file SYSTEM \""
            + secret.toUri()
            + "\">\n"
            + "  <!ENTITY % remote SYSTEM \""
            + dtd
            + "\"> %remote;\n"
            + "]>\n"
            + "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
            + "<requestId>r-1</requestId><nextToken>&file;</nextToken><reservationSet/>"
            + "</DescribeInstancesResponse>";
    server.createContext(
        "/",
        exchange -> {
          byte[] out = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/xml");
          exchange.sendResponseHeaders(200, out.length);
          exchange.getResponseBody().write(out);
          exchange.close();
        });
    server.start();
    try (Ec2Client ec2 =
        Ec2Client.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build()) {
      Throwable thrown = catchThrowable(ec2::describeInstances);

      // The SDK turns DTDs off and Woodstox honours it: the answer is refused outright, the
      // file's text is nowhere and the external DTD was never fetched.
      assertThat(thrown)
          .isInstanceOf(SdkClientException.class)
          .hasMessageContaining("Unable to unmarshall response");
      assertThat(String.valueOf(thrown.getMessage())).doesNotContain("TOP-SECRET");
      assertThat(fetched.get()).isZero();
    } finally {
      server.stop(0);
    }
  }
}
