package io.ssmflow.cli.params;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.params.ConfigEntry;
import io.ssmflow.workflows.params.ConfigRules;
import io.ssmflow.workflows.params.ParameterKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config files to entries: path levels, scalar text, lists, secure classification. */
class ConfigFileTest {
  @TempDir Path dir;

  private List<ConfigEntry> read(String name, String text, List<String> patterns) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return ConfigFile.read(f, "shop", "prod", ConfigRules.securePattern(patterns));
  }

  @Test
  void nestedAndDottedKeysBecomePathLevelsAndScalarsKeepTheirText() throws Exception {
    List<ConfigEntry> entries =
        read(
            "c.yaml",
            """
        db:
          host: db1
          port: 5432
          pool.size: 10
        release: 1.10
        debug: false
        hosts: [a, b]
        Database_Password: x
        payment:
          api_key: y
          connection_string: z
        """,
            List.of());
    assertThat(entries)
        .extracting(ConfigEntry::name, ConfigEntry::value, ConfigEntry::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/shop/prod/db/host", "db1", ParameterKind.STRING),
            org.assertj.core.groups.Tuple.tuple("/shop/prod/db/port", "5432", ParameterKind.STRING),
            org.assertj.core.groups.Tuple.tuple(
                "/shop/prod/db/pool/size", "10", ParameterKind.STRING),
            org.assertj.core.groups.Tuple.tuple("/shop/prod/release", "1.10", ParameterKind.STRING),
            org.assertj.core.groups.Tuple.tuple("/shop/prod/debug", "false", ParameterKind.STRING),
            org.assertj.core.groups.Tuple.tuple(
                "/shop/prod/hosts", "a,b", ParameterKind.STRING_LIST),
            org.assertj.core.groups.Tuple.tuple(
                "/shop/prod/Database_Password", "x", ParameterKind.SECURE_STRING),
            org.assertj.core.groups.Tuple.tuple(
                "/shop/prod/payment/api_key", "y", ParameterKind.SECURE_STRING),
            org.assertj.core.groups.Tuple.tuple(
                "/shop/prod/payment/connection_string", "z", ParameterKind.SECURE_STRING));
  }

  @Test
  void customPatternsReplaceTheDefaultsAndJsonWorksToo() throws Exception {
    List<ConfigEntry> entries =
        read("c.json", "{\"db\": {\"password\": \"p\"}, \"license\": \"l\"}", List.of("^license$"));
    assertThat(entries)
        .extracting(ConfigEntry::type)
        .containsExactly(ParameterKind.STRING, ParameterKind.SECURE_STRING);
  }

  @Test
  void theDefaultPatternsCoverTheUsualSecretNames() throws Exception {
    List<ConfigEntry> entries =
        read(
            "c.yaml",
            """
        db:
          passwd: a
          PWD: b
          dsn: c
          host: h
        smtp.passphrase: d
        http:
          Authorization: e
          basic_auth: f
        session_jwt: g
        tls:
          private_key: i
          cert_pem: j
        aws.credentials: k
        client_secret: l
        port: 8080
        """,
            List.of());
    assertThat(entries)
        .filteredOn(e -> e.type() == ParameterKind.STRING)
        .extracting(ConfigEntry::name)
        .containsExactly("/shop/prod/db/host", "/shop/prod/port");
    assertThat(entries).filteredOn(ConfigEntry::secure).hasSize(11);
  }
}
