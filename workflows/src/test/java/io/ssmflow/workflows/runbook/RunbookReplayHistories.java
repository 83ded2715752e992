package io.ssmflow.workflows.runbook;

import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Records the histories the runbook replay test guards: restart-service.yaml with a failing start
 * (onFailure step:startAgain, a sleep, a branch on a command's Output), one of its aws:runCommand
 * children, and diamond.yaml failing at its join (parallel steps, retries, rollbacks in reverse
 * order). Run {@code scripts/record-replays.sh} after a deliberate, versioned change to the runbook
 * workflows' command sequence, and commit the new files.
 */
final class RunbookReplayHistories {
  static final Path DIR = Path.of("src/test/resources/replay");
  static final String AUTOMATION = "runbook-restart-service.json";
  static final String AUTOMATION_ID = "runbook-restart-service-replay";
  static final String COMMAND = "runbook-restart-service-start.json";
  static final String COMMAND_ID = AUTOMATION_ID + "/start-4";
  static final String ORCHESTRATION = "runbook-diamond.json";
  static final String ORCHESTRATION_ID = "runbook-diamond-replay";

  private RunbookReplayHistories() {}

  static void record() throws IOException {
    Files.createDirectories(DIR);
    try (RunbookFixture f = new RunbookFixture(2)) {
      RunbookDocument restart = RunbookFiles.document("restart-service.yaml");
      f.run(
          AUTOMATION_ID,
          RunbookFixture.request(
              restart, Map.of("InstanceIds", f.fleet.ids(), "StartExitCode", 1)));
      RunbookDocument diamond = RunbookFiles.document("diamond.yaml");
      f.run(
          ORCHESTRATION_ID,
          RunbookFixture.request(diamond, Map.of("InstanceIds", f.fleet.ids(), "JoinExitCode", 1)));
      for (List<String> e :
          List.of(
              List.of(AUTOMATION_ID, AUTOMATION),
              List.of(COMMAND_ID, COMMAND),
              List.of(ORCHESTRATION_ID, ORCHESTRATION))) {
        Files.writeString(
            DIR.resolve(e.get(1)),
            f.client.fetchHistory(e.get(0)).toJson(true),
            StandardCharsets.UTF_8);
      }
    }
  }
}
