package io.ssmflow.workflows.deploy;

import java.time.Duration;
import java.util.List;

/**
 * The built-in deployment spec, which does what the seed's {@code app-deployment.sh} did, on a real
 * Linux server (systemd when the unit {@code APP.service} exists) and on a simulator shell instance
 * (no systemd, no network).
 *
 * <p>Conventions on the instance:
 *
 * <ul>
 *   <li>The application lives in {@code /opt/APP}; the backup step copies it to {@code
 *       /opt/APP.backup}, the rollback restores that copy (or removes {@code /opt/APP} when there
 *       was nothing to back up) and restarts.
 *   <li>Artifacts: if {@code /srv/artifacts/APP/url} holds a base URL and {@code curl} can fetch
 *       {@code URL/VERSION.tar.gz}, that archive is unpacked into {@code /opt/APP}; otherwise the
 *       local directory {@code /srv/artifacts/APP/VERSION/} is copied in when it exists; otherwise
 *       the release directory is created empty. In every case {@code /opt/APP/VERSION} ends up
 *       holding the version.
 *   <li>Configuration: {@code /opt/APP/config/ENV.env} gets APP, ENV, VERSION and the Parameter
 *       Store path {@code /APP/ENV}. Secrets are never passed through commands (they would land in
 *       SSM command history and in workflow history): the application reads them itself from
 *       Parameter Store at start.
 *   <li>Service: with systemd and an {@code APP.service} unit, systemctl stops and starts it.
 *       Everywhere, start writes {@code /opt/APP/RUNNING} and {@code /opt/APP/current-version} and
 *       stop removes {@code RUNNING} (no pidfile).
 *   <li>Health: {@code RUNNING} exists, {@code VERSION} equals the version, the systemd unit is
 *       active when there is one, and {@code /opt/APP/bin/healthcheck} exits 0 when present (so a
 *       release, or an injected fault, can make the health check fail). 5 attempts, 2 s apart.
 * </ul>
 */
public final class DeploymentSpecs {
  private static final String A = "/opt/{{App}}";
  private static final String HAS_UNIT =
      "command -v systemctl >/dev/null 2>&1"
          + " && [ -d /run/systemd/system ] && systemctl cat {{App}}.service >/dev/null 2>&1";

  private DeploymentSpecs() {}

  /** The built-in spec (see the class comment for what it does on an instance). */
  public static DeploymentSpec defaultSpec() {
    DeploymentStep stop =
        step(
            "stop",
            120,
            "set -e",
            "if " + HAS_UNIT + "; then systemctl stop {{App}}.service; fi",
            "rm -f " + A + "/RUNNING",
            "echo 'stopped {{App}}'");
    DeploymentStep backup =
        step(
            "backup",
            300,
            "set -e",
            "rm -rf " + A + ".backup",
            "if [ -d "
                + A
                + " ]; then cp -a "
                + A
                + " "
                + A
                + ".backup;"
                + " echo 'backed up "
                + A
                + "'; else echo 'nothing to back up'; fi");
    DeploymentStep fetch =
        step(
            "fetch",
            600,
            "set -e",
            "S=/srv/artifacts/{{App}}",
            "mkdir -p " + A,
            "find " + A + " -mindepth 1 -maxdepth 1 ! -name config -exec rm -rf {} +",
            "T=/tmp/{{App}}-{{Version}}.tar.gz",
            "if [ -s \"$S/url\" ] && command -v curl >/dev/null 2>&1"
                + " && curl -fsSL --max-time 120 -o \"$T\" \"$(head -n 1 \"$S/url\")/{{Version}}.tar.gz\";"
                + " then tar -xzf \"$T\" -C "
                + A
                + "; rm -f \"$T\"; echo 'fetched {{Version}}';"
                + " elif [ -d \"$S/{{Version}}\" ]; then cp -a \"$S/{{Version}}/.\" "
                + A
                + "/;"
                + " echo 'installed {{Version}} from '\"$S/{{Version}}\";"
                + " else echo 'no artifact for {{Version}}: created the release directory'; fi",
            "echo '{{Version}}' > " + A + "/VERSION");
    DeploymentStep configure =
        step(
            "configure",
            60,
            "set -e",
            "mkdir -p " + A + "/config",
            "printf 'APP=%s\\nENV=%s\\nVERSION=%s\\nPARAMETER_PATH=/%s/%s\\n'"
                + " '{{App}}' '{{Env}}' '{{Version}}' '{{App}}' '{{Env}}' > "
                + A
                + "/config/{{Env}}.env",
            "echo 'wrote " + A + "/config/{{Env}}.env'");
    DeploymentStep start =
        step(
            "start",
            120,
            "set -e",
            "if " + HAS_UNIT + "; then systemctl start {{App}}.service; fi",
            "echo '{{Version}}' > " + A + "/current-version",
            "date -u +%Y-%m-%dT%H:%M:%SZ > " + A + "/RUNNING",
            "echo 'started {{App}} {{Version}}'");
    DeploymentStep health =
        new DeploymentStep(
            "health",
            List.of(
                "[ -f " + A + "/RUNNING ] || { echo '{{App}} is not running' >&2; exit 1; }",
                "V=$(cat " + A + "/VERSION 2>/dev/null || true)",
                "[ \"$V\" = '{{Version}}' ] || { echo \"VERSION is '$V', not {{Version}}\" >&2; exit 1; }",
                "if "
                    + HAS_UNIT
                    + "; then systemctl is-active --quiet {{App}}.service"
                    + " || { echo '{{App}}.service is not active' >&2; exit 1; }; fi",
                "H=" + A + "/bin/healthcheck",
                "if [ -x \"$H\" ]; then \"$H\" || { echo 'healthcheck failed' >&2; exit 1; };"
                    + " elif [ -f \"$H\" ]; then sh \"$H\" || { echo 'healthcheck failed' >&2; exit 1; }; fi",
                "echo 'healthy {{App}} {{Version}}'"),
            60,
            5,
            Duration.ofSeconds(2));
    DeploymentStep rollback =
        step(
            "rollback",
            300,
            "set -e",
            "echo 'rolling back {{App}} {{Version}} to {{PreviousVersion}}'",
            "if " + HAS_UNIT + "; then systemctl stop {{App}}.service || true; fi",
            "rm -f " + A + "/RUNNING",
            "if [ ! -d "
                + A
                + ".backup ]; then rm -rf "
                + A
                + "; echo 'no backup: removed "
                + A
                + "'; exit 0; fi",
            "rm -rf " + A + " && cp -a " + A + ".backup " + A,
            "if " + HAS_UNIT + "; then systemctl start {{App}}.service; fi",
            "date -u +%Y-%m-%dT%H:%M:%SZ > " + A + "/RUNNING",
            "echo \"restored $(cat " + A + "/VERSION 2>/dev/null || echo unknown)\"");
    return new DeploymentSpec(List.of(stop, backup, fetch, configure, start), health, rollback);
  }

  private static DeploymentStep step(String name, int timeoutSeconds, String... lines) {
    return new DeploymentStep(name, List.of(lines), timeoutSeconds, 1, Duration.ZERO);
  }
}
