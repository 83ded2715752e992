package io.ssmflow.cli.codec;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.Errors;
import io.ssmflow.cli.HelpOptions;
import io.ssmflow.cli.Json;
import io.ssmflow.cli.OutputOption;
import io.ssmflow.cli.SsmflowCli;
import io.ssmflow.worker.codec.CodecKeys;
import io.ssmflow.worker.codec.EncryptionCodec;
import io.ssmflow.worker.codec.PayloadEncryption;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ssmflow codec-server}: serves Temporal's codec-server protocol with the key file of {@code
 * SSMFLOW_CODEC_KEY_FILE}, so the Temporal Web UI (and {@code temporal --codec-endpoint}) show
 * decrypted inputs and results while the history stays encrypted. Until Ctrl-C.
 */
@Command(
    name = "codec-server",
    description =
        "Serve Temporal's codec-server protocol"
            + " (POST /encode, /decode) with the SSMFLOW_CODEC_KEY_FILE key, for the Web UI.")
public final class CodecServerCommand implements Callable<Integer> {
  /** Where {@code --token-file} comes from when the flag is not given. */
  public static final String TOKEN_ENV = "SSMFLOW_CODEC_TOKEN_FILE";

  private static final Logger log = LoggerFactory.getLogger(CodecServerCommand.class);

  @ParentCommand SsmflowCli cli;
  @Mixin HelpOptions help;
  @Mixin OutputOption output;

  @Option(
      names = "--port",
      defaultValue = "8081",
      description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 in a container).")
  String host;

  @Option(
      names = "--cors-origin",
      defaultValue = "http://localhost:8080",
      paramLabel = "URL",
      description =
          "Browser origin(s) of the Temporal Web UI allowed by CORS, comma-separated"
              + " (default: ${DEFAULT-VALUE}).")
  String corsOrigin;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "Require Authorization: Bearer <the file's content> (default: $"
              + TOKEN_ENV
              + ", else no token; required unless --host is a loopback address).")
  Path tokenFile;

  @Option(
      names = "--allowed-hosts",
      paramLabel = "NAME,...",
      split = ",",
      description =
          "Host header names to answer besides localhost, 127.x.x.x, [::1] and the"
              + " bind address (the name browsers or CLIs use to reach this server).")
  List<String> allowedHosts = new ArrayList<>();

  /** How to make a token file, for messages. */
  static final String MAKE_TOKEN =
      "head -c 32 /dev/urandom | base64 | tr -d '+/=' > codec.token" + " && chmod 600 codec.token";

  @Override
  public Integer call() throws InterruptedException {
    Path keyFile = PayloadEncryption.keyFile(cli.env());
    if (keyFile == null) {
      throw CliError.badInput(
          "codec-server needs " + CodecKeys.ENV + ": set it to the key file the workers use");
    }
    if (port < 0 || port > 65535) {
      throw CliError.badInput("port must be between 0 and 65535, not " + port);
    }
    Set<String> origins = origins(corsOrigin);
    CodecKeys keys;
    try {
      keys = PayloadEncryption.loadKeys(keyFile);
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
    Set<String> hostNames = hostNames(allowedHosts);
    String token = token(tokenFile != null ? tokenFile : tokenFileFromEnv(cli.env()));
    if (token == null && !CodecServer.isLoopback(host)) {
      throw CliError.badInput(
          "codec-server --host "
              + host
              + " is not a loopback address:"
              + " anyone who reaches it could decrypt payloads, so it needs a bearer token: give"
              + " --token-file FILE or "
              + TOKEN_ENV
              + " (make one with: "
              + MAKE_TOKEN
              + ")");
    }
    CodecServer server;
    try {
      server =
          CodecServer.start(
              new CodecServer.Settings(host, port, origins, token, hostNames),
              new EncryptionCodec(keys));
    } catch (IOException | IllegalArgumentException e) {
      throw CliError.badInput(
          "cannot listen on "
              + host
              + ":"
              + port
              + " ("
              + Errors.rootMessage(e)
              + "): is another codec server running? try --port");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "ssmflow-codec-server-shutdown"));
    PrintWriter out = cli.out();
    // The name the UI (CORS default http://localhost:8080) and the browser's session cookie
    // share: a cookie set on 127.0.0.1 is not sent from a page on localhost.
    URI endpoint =
        CodecServer.isLoopback(host) || isWildcard(host)
            ? URI.create("http://localhost:" + server.port())
            : server.endpoint();
    if (output.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("endpoint", endpoint.toString());
      doc.put("corsOrigins", origins);
      doc.put("token", token != null);
      doc.put("keyIds", keys.ids());
      out.println(Json.write(doc));
    } else {
      out.println(
          "ssmflow codec-server at "
              + endpoint
              + " (keys "
              + String.join(", ", keys.ids())
              + "; CORS for "
              + String.join(", ", origins)
              + "; "
              + (token == null ? "no token" : "bearer token required")
              + "); Ctrl-C stops it");
      out.println(
          "Temporal Web UI: TEMPORAL_CODEC_ENDPOINT="
              + endpoint
              + "   CLI: temporal workflow show --codec-endpoint "
              + endpoint
              + " ...");
      if (token != null) {
        out.println(
            "Browser: sign in once at "
                + endpoint
                + "/ (the host name of the UI's codec"
                + " endpoint) and let the UI send credentials (TEMPORAL_CODEC_INCLUDE_CREDENTIALS)");
      }
    }
    out.flush();
    stopped.await();
    return 0;
  }

  static Set<String> origins(String list) {
    Set<String> origins = new LinkedHashSet<>();
    for (String o : Arrays.stream(list.split(",")).map(String::trim).toList()) {
      if (o.isEmpty()) {
        continue;
      }
      if (o.equals("*")) {
        throw CliError.badInput(
            "cors-origin '*' is not allowed with credentials: name the"
                + " Web UI's origin, e.g. http://localhost:8080");
      }
      URI uri;
      try {
        uri = URI.create(o);
      } catch (IllegalArgumentException e) {
        throw CliError.badInput("cors-origin '" + o + "' is not a URL");
      }
      if (uri.getScheme() == null
          || !uri.getScheme().matches("https?")
          || uri.getHost() == null
          || (uri.getPath() != null && !uri.getPath().isEmpty())) {
        throw CliError.badInput(
            "cors-origin '"
                + o
                + "' must be an origin like"
                + " http://localhost:8080 (scheme, host, optional port, no path)");
      }
      origins.add(o);
    }
    return origins;
  }

  private static boolean isWildcard(String host) {
    try {
      return java.net.InetAddress.getByName(host).isAnyLocalAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  static Set<String> hostNames(List<String> names) {
    Set<String> out = new LinkedHashSet<>();
    for (String n : names) {
      String name = n.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!name.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})?")) {
        throw CliError.badInput(
            "allowed-hosts: '"
                + name
                + "' is not a host name (letters,"
                + " digits, '.', '-'; no port, no wildcard)");
      }
      out.add(name);
    }
    return out;
  }

  private static Path tokenFileFromEnv(Map<String, String> env) {
    String v = env.get(TOKEN_ENV);
    return v == null || v.isBlank() ? null : Path.of(v.trim());
  }

  /** The token in the file (trimmed), or null without a file. */
  static String token(Path file) {
    if (file == null) {
      return null;
    }
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw CliError.badInput(
          "token file "
              + file
              + " cannot be read ("
              + Errors.rootMessage(e)
              + "); make one with: "
              + MAKE_TOKEN);
    }
    if (token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw CliError.badInput(
          "token file "
              + file
              + " must hold one token of printable"
              + " characters without spaces");
    }
    CodecKeys.permissionWarning(file)
        .ifPresent(w -> log.warn(w.replace(CodecKeys.ENV + " file", "token file")));
    return token;
  }
}
