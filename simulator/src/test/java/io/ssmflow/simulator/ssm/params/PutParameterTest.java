package io.ssmflow.simulator.ssm.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.simulator.TestSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AccessDeniedException;
import software.amazon.awssdk.services.ssm.model.HierarchyLevelLimitExceededException;
import software.amazon.awssdk.services.ssm.model.InvalidAllowedPatternException;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterHistory;
import software.amazon.awssdk.services.ssm.model.ParameterMaxVersionLimitExceededException;
import software.amazon.awssdk.services.ssm.model.ParameterPatternMismatchException;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.PutParameterResponse;
import software.amazon.awssdk.services.ssm.model.Tag;
import software.amazon.awssdk.services.ssm.model.TooManyTagsErrorException;
import software.amazon.awssdk.services.ssm.model.ValidationException;

class PutParameterTest {
  private static TestSimulator sim;
  private static SsmClient ssm;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(null);
    ssm = sim.ssm();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static Parameter get(String name, boolean decrypt) {
    return ssm.getParameter(b -> b.name(name).withDecryption(decrypt)).parameter();
  }

  @Test
  void createsVersionOneAndOverwriteAddsVersions() {
    PutParameterResponse first =
        ssm.putParameter(
            b -> b.name("/put/basic/url").type(ParameterType.STRING).value("http://db:5432"));
    assertThat(first.version()).isEqualTo(1L);
    assertThat(first.tier()).isEqualTo(ParameterTier.STANDARD);

    PutParameterResponse second =
        ssm.putParameter(b -> b.name("/put/basic/url").value("http://db:6432").overwrite(true));
    assertThat(second.version()).isEqualTo(2L);
    Parameter p = get("/put/basic/url", false);
    assertThat(p.value()).isEqualTo("http://db:6432");
    assertThat(p.type()).isEqualTo(ParameterType.STRING);
    assertThat(p.version()).isEqualTo(2L);
    assertThat(p.dataType()).isEqualTo("text");
    assertThat(p.arn()).isEqualTo("arn:aws:ssm:us-east-1:123456789012:parameter/put/basic/url");
    assertThat(p.lastModifiedDate()).isNotNull();
  }

  @Test
  void existingNameWithoutOverwriteIsParameterAlreadyExists() {
    ssm.putParameter(b -> b.name("/put/exists").type(ParameterType.STRING).value("a"));
    assertThatThrownBy(
            () ->
                ssm.putParameter(b -> b.name("/put/exists").type(ParameterType.STRING).value("b")))
        .isInstanceOf(ParameterAlreadyExistsException.class)
        .hasMessageContaining("The parameter already exists");
    assertThat(get("/put/exists", false).value()).isEqualTo("a");
  }

  @Test
  void typeIsRequiredForANewParameterAndMustBeKnown() {
    assertThatThrownBy(() -> ssm.putParameter(b -> b.name("/put/untyped").value("x")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("A parameter type is required when you create a parameter");
    assertThatThrownBy(
            () -> ssm.putParameter(b -> b.name("/put/badtype").type("Integer").value("1")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Member must satisfy enum value set");
  }

  @Test
  void overwriteKeepsTypeKeyDescriptionAndPattern() {
    ssm.putParameter(
        b ->
            b.name("/put/keep/secret")
                .type(ParameterType.SECURE_STRING)
                .keyId("alias/app")
                .value("one")
                .description("db password")
                .allowedPattern("[a-z]+"));
    ssm.putParameter(b -> b.name("/put/keep/secret").value("two").overwrite(true));
    ParameterHistory latest =
        ssm.getParameterHistory(b -> b.name("/put/keep/secret").withDecryption(true))
            .parameters()
            .get(1);
    assertThat(latest.type()).isEqualTo(ParameterType.SECURE_STRING);
    assertThat(latest.keyId()).isEqualTo("alias/app");
    assertThat(latest.description()).isEqualTo("db password");
    assertThat(latest.allowedPattern()).isEqualTo("[a-z]+");
    assertThat(latest.value()).isEqualTo("two");
  }

  @Test
  void secureStringDefaultsToTheSsmManagedKeyAndKeyIdNeedsSecureString() {
    ssm.putParameter(b -> b.name("/put/key/default").type(ParameterType.SECURE_STRING).value("pw"));
    assertThat(ssm.getParameterHistory(b -> b.name("/put/key/default")).parameters().get(0).keyId())
        .isEqualTo("alias/aws/ssm");
    assertThatThrownBy(
            () ->
                ssm.putParameter(
                    b ->
                        b.name("/put/key/plain")
                            .type(ParameterType.STRING)
                            .keyId("alias/app")
                            .value("x")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("KeyId is required for SecureString type parameter only");
  }

  @Test
  void typeCanChangeOnOverwrite() {
    ssm.putParameter(b -> b.name("/put/retype").type(ParameterType.STRING).value("a,b"));
    ssm.putParameter(
        b -> b.name("/put/retype").type(ParameterType.STRING_LIST).value("a,b,c").overwrite(true));
    assertThat(get("/put/retype", false).type()).isEqualTo(ParameterType.STRING_LIST);
  }

  @Test
  void valueMustMatchAllowedPattern() {
    assertThatThrownBy(
            () ->
                ssm.putParameter(
                    b ->
                        b.name("/put/pattern/port")
                            .type(ParameterType.STRING)
                            .value("80a")
                            .allowedPattern("^\\d+$")))
        .isInstanceOf(ParameterPatternMismatchException.class)
        .hasMessageContaining("cannot be validated against allowedPattern: ^\\d+$")
        .hasMessageNotContaining("80a");
    ssm.putParameter(
        b ->
            b.name("/put/pattern/port")
                .type(ParameterType.STRING)
                .value("80")
                .allowedPattern("^\\d+$"));
    // The pattern stays with the parameter for later versions.
    assertThatThrownBy(
            () -> ssm.putParameter(b -> b.name("/put/pattern/port").value("http").overwrite(true)))
        .isInstanceOf(ParameterPatternMismatchException.class);
    assertThatThrownBy(
            () ->
                ssm.putParameter(
                    b ->
                        b.name("/put/pattern/bad")
                            .type(ParameterType.STRING)
                            .value("x")
                            .allowedPattern("[unclosed")))
        .isInstanceOf(InvalidAllowedPatternException.class);
  }

  @Test
  void aCatastrophicallyBacktrackingPatternCannotStallTheStore() {
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                ssm.putParameter(
                    b ->
                        b.name("/put/pattern/redos")
                            .type(ParameterType.STRING)
                            .value("a".repeat(32) + "!")
                            .allowedPattern("(a+)+\\1$")))
        .isInstanceOf(InvalidAllowedPatternException.class)
        .hasMessageContaining("takes too long");
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    // Too deep for the regex engine's stack: refused the same way, never a dropped connection.
    assertThatThrownBy(
            () ->
                ssm.putParameter(
                    b ->
                        b.name("/put/pattern/deep")
                            .type(ParameterType.STRING)
                            .value("ab".repeat(2000))
                            .allowedPattern("(a|b)+")))
        .isInstanceOf(InvalidAllowedPatternException.class);
    // The store still answers.
    ssm.putParameter(b -> b.name("/put/pattern/after").type(ParameterType.STRING).value("ok"));
  }

  @Test
  void tagsAndOverwriteCannotBeUsedTogether() {
    ssm.putParameter(
        b ->
            b.name("/put/tags/both")
                .type(ParameterType.STRING)
                .value("1")
                .tags(Tag.builder().key("team").value("core").build()));
    assertThatThrownBy(
            () ->
                ssm.putParameter(
                    b ->
                        b.name("/put/tags/both")
                            .value("2")
                            .overwrite(true)
                            .tags(Tag.builder().key("team").value("ops").build())))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("tags and overwrite can't be used together");
    assertThat(
            ssm.listTagsForResource(b -> b.resourceType("Parameter").resourceId("/put/tags/both"))
                .tagList())
        .containsExactly(Tag.builder().key("team").value("core").build());
  }

  @Test
  void moreThanFiftyTagsOnCreateIsTooManyTags() {
    Tag[] tags = new Tag[51];
    for (int i = 0; i < tags.length; i++) {
      tags[i] = Tag.builder().key("k" + i).value("v").build();
    }
    assertThatThrownBy(
            () ->
                ssm.putParameter(
                    b -> b.name("/put/tags/many").type(ParameterType.STRING).value("1").tags(tags)))
        .isInstanceOf(TooManyTagsErrorException.class);
  }

  @Test
  void standardValuesStopAt4096AndAdvancedAt8192() {
    String max = "x".repeat(4096);
    ssm.putParameter(b -> b.name("/put/size/standard").type(ParameterType.STRING).value(max));
    assertThatThrownBy(
            () ->
                ssm.putParameter(
                    b ->
                        b.name("/put/size/standard-over")
                            .type(ParameterType.STRING)
                            .value(max + "x")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(
            "Standard tier parameters support a maximum parameter value of" + " 4096 characters");
    PutParameterResponse advanced =
        ssm.putParameter(
            b ->
                b.name("/put/size/advanced")
                    .type(ParameterType.STRING)
                    .tier(ParameterTier.ADVANCED)
                    .value("y".repeat(8192)));
    assertThat(advanced.tier()).isEqualTo(ParameterTier.ADVANCED);
    assertThatThrownBy(
            () ->
                ssm.putParameter(
                    b ->
                        b.name("/put/size/advanced-over")
                            .type(ParameterType.STRING)
                            .tier(ParameterTier.ADVANCED)
                            .value("y".repeat(8193))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("8192");
  }

  @Test
  void intelligentTieringPicksTheTierTheValueNeedsAndAdvancedNeverGoesBack() {
    assertThat(
            ssm.putParameter(
                    b ->
                        b.name("/put/tier/small")
                            .type(ParameterType.STRING)
                            .tier(ParameterTier.INTELLIGENT_TIERING)
                            .value("small"))
                .tier())
        .isEqualTo(ParameterTier.STANDARD);
    assertThat(
            ssm.putParameter(
                    b ->
                        b.name("/put/tier/big")
                            .type(ParameterType.STRING)
                            .tier(ParameterTier.INTELLIGENT_TIERING)
                            .value("z".repeat(5000)))
                .tier())
        .isEqualTo(ParameterTier.ADVANCED);
    // Without a Tier an overwrite keeps Advanced even for a small value.
    assertThat(
            ssm.putParameter(b -> b.name("/put/tier/big").value("now small").overwrite(true))
                .tier())
        .isEqualTo(ParameterTier.ADVANCED);
    assertThatThrownBy(
            () ->
                ssm.putParameter(
                    b ->
                        b.name("/put/tier/big")
                            .value("small")
                            .tier(ParameterTier.STANDARD)
                            .overwrite(true)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("can't downgrade");
  }

  @Test
  void emptyValueIsRejected() {
    assertThatThrownBy(
            () -> ssm.putParameter(b -> b.name("/put/empty").type(ParameterType.STRING).value("")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("at 'value' failed to satisfy constraint");
  }

  @Test
  void reservedPrefixesAreRejectedInAnyCase() {
    for (String name : new String[] {"awsKey", "/ssm-thing", "SSM", "/AwsOther"}) {
      assertThatThrownBy(
              () -> ssm.putParameter(b -> b.name(name).type(ParameterType.STRING).value("x")))
          .as(name)
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("can't be prefixed with \"aws\" or \"ssm\"");
    }
    assertThatThrownBy(
            () ->
                ssm.putParameter(b -> b.name("/ssm/app/key").type(ParameterType.STRING).value("x")))
        .isInstanceOf(ValidationException.class);
    // The public /aws/... namespace belongs to AWS: writing there is denied, as the service does.
    assertThatThrownBy(
            () ->
                ssm.putParameter(
                    b -> b.name("/aws/service/mine").type(ParameterType.STRING).value("x")))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("No access to reserved parameter name");
  }

  @Test
  void namesUseLettersDigitsAndDotDashUnderscore() {
    for (String name :
        new String[] {
          "/app/has space", "/app/semi;colon", "/app//double", "/app/trailing/", "/app/star*"
        }) {
      assertThatThrownBy(
              () -> ssm.putParameter(b -> b.name(name).type(ParameterType.STRING).value("x")))
          .as(name)
          .isInstanceOf(ValidationException.class);
    }
    assertThatThrownBy(
            () ->
                ssm.putParameter(
                    b -> b.name("app/no/leading/slash").type(ParameterType.STRING).value("x")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("fully qualified name");
    ssm.putParameter(
        b -> b.name("/ok/Name_with-all.chars09").type(ParameterType.STRING).value("x"));
    assertThat(get("/ok/Name_with-all.chars09", false).value()).isEqualTo("x");
  }

  @Test
  void atMostFifteenLevelsAndTwoThousandFortyEightCharacters() {
    StringBuilder fifteen = new StringBuilder();
    for (int i = 1; i <= 15; i++) {
      fifteen.append("/l").append(i);
    }
    ssm.putParameter(b -> b.name(fifteen.toString()).type(ParameterType.STRING).value("deep"));
    assertThatThrownBy(
            () ->
                ssm.putParameter(
                    b -> b.name(fifteen + "/l16").type(ParameterType.STRING).value("x")))
        .isInstanceOf(HierarchyLevelLimitExceededException.class)
        .hasMessageContaining("maximum of 15 levels");
    String longName = "/long/" + "n".repeat(2048 - 6);
    ssm.putParameter(b -> b.name(longName).type(ParameterType.STRING).value("x"));
    assertThatThrownBy(
            () ->
                ssm.putParameter(b -> b.name(longName + "n").type(ParameterType.STRING).value("x")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("less than or equal to 2048");
  }

  @Test
  void aSingleLevelNameWithOrWithoutSlashIsTheSameParameter() {
    ssm.putParameter(b -> b.name("/rootlevel").type(ParameterType.STRING).value("one"));
    assertThat(get("rootlevel", false).name()).isEqualTo("rootlevel");
    assertThatThrownBy(
            () ->
                ssm.putParameter(b -> b.name("rootlevel").type(ParameterType.STRING).value("two")))
        .isInstanceOf(ParameterAlreadyExistsException.class);
    assertThat(get("/rootlevel", false).value()).isEqualTo("one");
  }

  @Test
  void imageDataTypeNeedsAnAmiIdAndUnknownDataTypesAreRejected() {
    ssm.putParameter(
        b ->
            b.name("/put/ami/golden")
                .type(ParameterType.STRING)
                .dataType("aws:ec2:image")
                .value("ami-0123456789abcdef0"));
    assertThat(get("/put/ami/golden", false).dataType()).isEqualTo("aws:ec2:image");
    assertThatThrownBy(
            () ->
                ssm.putParameter(
                    b ->
                        b.name("/put/ami/bad")
                            .type(ParameterType.STRING)
                            .dataType("aws:ec2:image")
                            .value("not-an-ami")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("AMI");
    assertThatThrownBy(
            () ->
                ssm.putParameter(
                    b ->
                        b.name("/put/ami/type")
                            .type(ParameterType.STRING)
                            .dataType("Text")
                            .value("x")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("The following data type is not supported: Text");
  }

  @Test
  void keepsTheLastHundredVersions() {
    String name = "/put/versions/hundred";
    ssm.putParameter(b -> b.name(name).type(ParameterType.STRING).value("v1"));
    for (int i = 2; i <= 101; i++) {
      String value = "v" + i;
      ssm.putParameter(b -> b.name(name).value(value).overwrite(true));
    }
    var history =
        ssm.getParameterHistoryPaginator(b -> b.name(name)).stream()
            .flatMap(r -> r.parameters().stream())
            .toList();
    assertThat(history).hasSize(100);
    assertThat(history.get(0).version()).isEqualTo(2L);
    assertThat(history.get(99).version()).isEqualTo(101L);
    assertThat(get(name, false).version()).isEqualTo(101L);
  }

  @Test
  void aLabelOnTheOldestVersionBlocksTheHundredAndFirst() {
    String name = "/put/versions/labelled";
    ssm.putParameter(b -> b.name(name).type(ParameterType.STRING).value("v1"));
    ssm.labelParameterVersion(b -> b.name(name).parameterVersion(1L).labels("golden"));
    for (int i = 2; i <= 100; i++) {
      String value = "v" + i;
      ssm.putParameter(b -> b.name(name).value(value).overwrite(true));
    }
    assertThatThrownBy(() -> ssm.putParameter(b -> b.name(name).value("v101").overwrite(true)))
        .isInstanceOf(ParameterMaxVersionLimitExceededException.class)
        .hasMessageContaining("Version 1, the oldest version, can't be deleted");
    assertThat(get(name, false).version()).isEqualTo(100L);
    // Moving the label away lets the store drop version 1.
    ssm.labelParameterVersion(b -> b.name(name).parameterVersion(100L).labels("golden"));
    assertThat(ssm.putParameter(b -> b.name(name).value("v101").overwrite(true)).version())
        .isEqualTo(101L);
  }

  @Test
  void policiesNeedTheAdvancedTier() {
    String policy =
        "[{\"Type\":\"Expiration\",\"Version\":\"1.0\",\"Attributes\":"
            + "{\"Timestamp\":\"2030-12-02T21:34:33.000Z\"}}]";
    assertThatThrownBy(
            () ->
                ssm.putParameter(
                    b ->
                        b.name("/put/policy/std")
                            .type(ParameterType.STRING)
                            .value("x")
                            .policies(policy)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("don't support parameter policies");
    ssm.putParameter(
        b ->
            b.name("/put/policy/adv")
                .type(ParameterType.STRING)
                .value("x")
                .tier(ParameterTier.ADVANCED)
                .policies(policy));
    var described =
        ssm.describeParameters(
                b ->
                    b.parameterFilters(
                        ParameterStringFilter.builder()
                            .key("Name")
                            .values("/put/policy/adv")
                            .build()))
            .parameters()
            .get(0);
    assertThat(described.policies())
        .singleElement()
        .satisfies(p -> assertThat(p.policyType()).isEqualTo("Expiration"));
  }
}
