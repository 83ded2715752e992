package io.ssmflow.workflows.runbook.doc;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a runbook's tree (a JSON or YAML file read into maps, lists and scalars) into a {@link
 * RunbookDocument} and validates it: structure, every action's inputs, every reference (steps,
 * parameters, outputs), loops and the orchestration graph. Nothing runs before a document passes;
 * every problem names its location and rule.
 */
public final class DocumentReader {
  static final Pattern STEP_NAME = Pattern.compile("[a-zA-Z0-9_]{1,128}");
  private static final List<String> AUTOMATION_KEYS =
      List.of(
          "schemaVersion",
          "description",
          "assumeRole",
          "parameters",
          "mainSteps",
          "outputs",
          "files");
  private static final List<String> ORCHESTRATION_KEYS =
      List.of("description", "parameters", "steps", "outputs");
  private static final List<String> STEP_KEYS =
      List.of(
          "name",
          "action",
          "inputs",
          "description",
          "maxAttempts",
          "timeoutSeconds",
          "onFailure",
          "onCancel",
          "isCritical",
          "nextStep",
          "isEnd",
          "outputs");
  private static final List<String> DAG_STEP_KEYS =
      List.of(
          "name",
          "action",
          "inputs",
          "description",
          "dependsOn",
          "timeout",
          "timeoutSeconds",
          "retries",
          "rollback",
          "validation",
          "outputs");
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,7})(s|m|h)");

  private DocumentReader() {}

  /** A read document and the warnings about it (things that will fail only if they run). */
  public record Result(RunbookDocument document, List<DocumentProblem> warnings) {}

  /**
   * Reads and validates a document.
   *
   * @param name the document's name (the file's base name)
   * @param tree the parsed file
   * @param catalog what the SDK knows about API inputs, or null to skip that check
   * @param library the runbooks aws:executeAutomation may name, or null to skip that check
   * @throws DocumentException with every problem found
   */
  public static Result read(
      String name, Object tree, ApiCatalog catalog, Map<String, RunbookDocument> library) {
    Problems problems = new Problems();
    Map<String, Object> root =
        problems.map(Problems.withoutNulls(tree), List.of(), null, "a runbook");
    if (root == null) {
      throw new DocumentException(problems.errors());
    }
    boolean automation = root.containsKey("mainSteps");
    boolean dag = root.containsKey("steps");
    if (automation == dag) {
      problems.add(
          List.of(),
          null,
          automation
              ? "a runbook has either mainSteps (an SSM Automation document) or steps (an"
                  + " orchestration), not both"
              : "a runbook needs mainSteps (an SSM Automation document, schemaVersion 0.3) or"
                  + " steps (an orchestration)");
      throw new DocumentException(problems.errors());
    }
    DocumentFormat format = automation ? DocumentFormat.AUTOMATION : DocumentFormat.ORCHESTRATION;
    problems.onlyKeys(
        root,
        automation ? AUTOMATION_KEYS : ORCHESTRATION_KEYS,
        List.of(),
        null,
        automation ? "an Automation document" : "an orchestration");
    if (automation) {
      Object version = root.get("schemaVersion");
      if (version == null) {
        problems.add(
            List.of("schemaVersion"),
            null,
            "an Automation document needs" + " schemaVersion '0.3'");
      } else if (!"0.3".equals(Values.text(version))) {
        problems.add(
            List.of("schemaVersion"),
            null,
            "schemaVersion must be '0.3' (Automation)," + " not " + Values.text(version));
      }
      if (root.containsKey("files")) {
        problems.add(
            List.of("files"),
            null,
            "files (script attachments for aws:executeScript)" + " are not supported");
      }
    }
    String description = root.get("description") instanceof String d ? d : null;
    String assumeRole = root.get("assumeRole") instanceof String a ? a : null;
    List<ParameterSpec> parameters = ParameterReader.read(root.get("parameters"), problems);
    String section = automation ? "mainSteps" : "steps";
    List<StepSpec> steps = new ArrayList<>();
    ActionSchemas schemas = new ActionSchemas(problems, catalog, library);
    List<?> rawSteps = problems.list(root.get(section), List.of(section), null, section);
    if (rawSteps != null && rawSteps.isEmpty()) {
      problems.add(List.of(section), null, section + " needs at least one step");
    }
    List<List<String>> jumps = new ArrayList<>();
    for (int i = 0; rawSteps != null && i < rawSteps.size(); i++) {
      List<Object> path = List.of(section, i);
      Map<String, Object> raw = problems.map(rawSteps.get(i), path, null, "a step");
      if (raw == null) {
        steps.add(null);
        jumps.add(List.of());
        continue;
      }
      List<String> branchTargets = new ArrayList<>();
      steps.add(
          automation
              ? automationStep(raw, path, problems, schemas, branchTargets)
              : dagStep(raw, path, problems, schemas));
      jumps.add(branchTargets);
    }
    List<String> outputs = documentOutputs(root.get("outputs"), problems);
    RunbookDocument document =
        new RunbookDocument(
            name,
            format,
            description,
            assumeRole,
            parameters,
            steps.stream().filter(s -> s != null).toList(),
            outputs);
    if (rawSteps != null && !steps.contains(null)) {
      new DocumentValidator(document, problems).validate(jumps);
    }
    if (problems.any()) {
      throw new DocumentException(problems.errors());
    }
    return new Result(document, problems.warnings());
  }

  private static StepSpec automationStep(
      Map<String, Object> raw,
      List<Object> path,
      Problems problems,
      ActionSchemas schemas,
      List<String> branchTargets) {
    String name = stepName(raw, path, problems);
    problems.onlyKeys(raw, STEP_KEYS, path, name, "a step");
    Action action = action(raw, path, name, problems);
    Map<String, Object> inputs = inputs(raw, path, name, problems, action);
    List<OutputSpec> outputs =
        outputs(raw.get("outputs"), Problems.at(path, "outputs"), name, problems, schemas);
    if (action != null && inputs != null) {
      branchTargets.addAll(
          schemas.check(action, inputs, outputs, Problems.at(path, "inputs"), name));
    }
    Integer attempts =
        raw.containsKey("maxAttempts")
            ? problems.integer(
                raw.get("maxAttempts"),
                Problems.at(path, "maxAttempts"),
                name,
                "maxAttempts",
                1,
                100)
            : Integer.valueOf(1);
    Integer timeout =
        raw.containsKey("timeoutSeconds")
            ? problems.integer(
                raw.get("timeoutSeconds"),
                Problems.at(path, "timeoutSeconds"),
                name,
                "timeoutSeconds",
                1,
                2_592_000)
            : Integer.valueOf(0);
    String onFailure = jump(raw, "onFailure", path, name, problems, true);
    String onCancel = jump(raw, "onCancel", path, name, problems, false);
    Boolean critical =
        raw.containsKey("isCritical")
            ? problems.bool(
                raw.get("isCritical"), Problems.at(path, "isCritical"), name, "isCritical")
            : null;
    String next =
        raw.containsKey("nextStep")
            ? problems.text(raw.get("nextStep"), Problems.at(path, "nextStep"), name, "nextStep")
            : null;
    Boolean end =
        raw.containsKey("isEnd")
            ? problems.bool(raw.get("isEnd"), Problems.at(path, "isEnd"), name, "isEnd")
            : Boolean.FALSE;
    String description = raw.get("description") instanceof String d ? d : null;
    return new StepSpec(
        name,
        action == null ? null : action.awsName(),
        inputs,
        description,
        attempts == null ? 1 : attempts,
        timeout == null ? 0 : timeout,
        onFailure,
        onCancel,
        critical,
        next,
        end != null && end,
        outputs,
        List.of(),
        null,
        null);
  }

  private static StepSpec dagStep(
      Map<String, Object> raw, List<Object> path, Problems problems, ActionSchemas schemas) {
    String name = stepName(raw, path, problems);
    problems.onlyKeys(raw, DAG_STEP_KEYS, path, name, "an orchestration step");
    Action action = action(raw, path, name, problems);
    Map<String, Object> inputs = inputs(raw, path, name, problems, action);
    List<OutputSpec> outputs =
        outputs(raw.get("outputs"), Problems.at(path, "outputs"), name, problems, schemas);
    if (action == Action.BRANCH || action == Action.PAUSE) {
      problems.add(
          Problems.at(path, "action"),
          name,
          action.awsName()
              + " has no meaning in an"
              + " orchestration: the graph decides what runs next");
    } else if (action != null && inputs != null) {
      schemas.check(action, inputs, outputs, Problems.at(path, "inputs"), name);
    }
    List<String> dependsOn = new ArrayList<>();
    Object deps = raw.get("dependsOn");
    if (deps instanceof String s) {
      dependsOn.add(s);
    } else if (deps != null) {
      List<?> l = problems.list(deps, Problems.at(path, "dependsOn"), name, "dependsOn");
      for (int i = 0; l != null && i < l.size(); i++) {
        String d = problems.text(l.get(i), Problems.at(path, "dependsOn", i), name, "a dependency");
        if (d != null) {
          dependsOn.add(d);
        }
      }
    }
    int timeout = 0;
    if (raw.containsKey("timeout") && raw.containsKey("timeoutSeconds")) {
      problems.add(
          Problems.at(path, "timeout"), name, "give timeout or timeoutSeconds, not" + " both");
    } else if (raw.containsKey("timeout")) {
      timeout = dagTimeout(raw.get("timeout"), Problems.at(path, "timeout"), name, problems);
    } else if (raw.containsKey("timeoutSeconds")) {
      Integer t =
          problems.integer(
              raw.get("timeoutSeconds"),
              Problems.at(path, "timeoutSeconds"),
              name,
              "timeoutSeconds",
              1,
              2_592_000);
      timeout = t == null ? 0 : t;
    }
    Integer retries =
        raw.containsKey("retries")
            ? problems.integer(
                raw.get("retries"), Problems.at(path, "retries"), name, "retries", 0, 99)
            : Integer.valueOf(0);
    ActionCall rollback =
        call(raw.get("rollback"), Problems.at(path, "rollback"), name, problems, schemas);
    ActionCall validation =
        call(raw.get("validation"), Problems.at(path, "validation"), name, problems, schemas);
    String description = raw.get("description") instanceof String d ? d : null;
    return new StepSpec(
        name,
        action == null ? null : action.awsName(),
        inputs,
        description,
        1 + (retries == null ? 0 : retries),
        timeout,
        StepSpec.ABORT,
        StepSpec.ABORT,
        null,
        null,
        false,
        outputs,
        dependsOn,
        rollback,
        validation);
  }

  private static int dagTimeout(Object value, List<Object> path, String step, Problems problems) {
    if (value instanceof Number) {
      Integer t = problems.integer(value, path, step, "timeout", 1, 2_592_000);
      return t == null ? 0 : t;
    }
    String text = Values.text(value).trim();
    Matcher m = SHORT_DURATION.matcher(text);
    long seconds = -1;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      seconds =
          switch (m.group(2)) {
            case "s" -> n;
            case "m" -> n * 60;
            default -> n * 3600;
          };
    } else {
      try {
        seconds = Duration.parse(text).toSeconds();
      } catch (DateTimeParseException e) {
        seconds = -1;
      }
    }
    if (seconds < 1 || seconds > 2_592_000) {
      problems.add(
          path,
          step,
          "timeout must be seconds, 90s, 10m, 2h or an ISO 8601 duration"
              + " between 1 second and 30 days, not "
              + Values.text(value));
      return 0;
    }
    return (int) seconds;
  }

  private static ActionCall call(
      Object raw, List<Object> path, String step, Problems problems, ActionSchemas schemas) {
    if (raw == null) {
      return null;
    }
    Map<String, Object> m =
        problems.map(raw, path, step, path.get(path.size() - 1) + " (an action with inputs)");
    if (m == null) {
      return null;
    }
    problems.onlyKeys(
        m, List.of("action", "inputs", "outputs"), path, step, "a " + path.get(path.size() - 1));
    Action action = action(m, path, step, problems);
    Map<String, Object> inputs = inputs(m, path, step, problems, action);
    List<OutputSpec> outputs =
        outputs(m.get("outputs"), Problems.at(path, "outputs"), step, problems, schemas);
    if (action == Action.BRANCH || action == Action.PAUSE) {
      problems.add(
          Problems.at(path, "action"),
          step,
          action.awsName() + " cannot be a " + path.get(path.size() - 1));
      return null;
    }
    if (action == null || inputs == null) {
      return null;
    }
    schemas.check(action, inputs, outputs, Problems.at(path, "inputs"), step);
    return new ActionCall(action.awsName(), inputs, outputs);
  }

  private static String stepName(Map<String, Object> raw, List<Object> path, Problems problems) {
    Object name = raw.get("name");
    if (!(name instanceof String n)) {
      problems.add(Problems.at(path, "name"), null, "a step needs a name");
      return null;
    }
    if (!STEP_NAME.matcher(n).matches()) {
      problems.add(
          Problems.at(path, "name"), n, "step name " + n + " must be 1-128 of a-z A-Z" + " 0-9 _");
    }
    return n;
  }

  private static Action action(
      Map<String, Object> raw, List<Object> path, String step, Problems problems) {
    Object a = raw.get("action");
    List<Object> at = Problems.at(path, "action");
    if (!(a instanceof String name)) {
      problems.add(at, step, "a step needs an action (" + Action.names() + ")");
      return null;
    }
    Action action = Action.of(name);
    if (action == null) {
      problems.add(
          at,
          step,
          Action.NOT_RUN.containsKey(name)
              ? Action.NOT_RUN.get(name)
              : "unknown action " + name + " (ssmflow runs " + Action.names() + ")");
    }
    return action;
  }

  private static Map<String, Object> inputs(
      Map<String, Object> raw, List<Object> path, String step, Problems problems, Action action) {
    if (!raw.containsKey("inputs")) {
      if (action == Action.PAUSE) {
        return Map.of();
      }
      problems.add(Problems.at(path, "inputs"), step, "a step needs inputs");
      return null;
    }
    return problems.map(raw.get("inputs"), Problems.at(path, "inputs"), step, "inputs");
  }

  private static String jump(
      Map<String, Object> raw,
      String key,
      List<Object> path,
      String step,
      Problems problems,
      boolean failure) {
    if (!raw.containsKey(key)) {
      return null;
    }
    String v = problems.text(raw.get(key), Problems.at(path, key), step, key);
    if (v == null) {
      return null;
    }
    boolean ok =
        v.equals(StepSpec.ABORT)
            || failure && v.equals(StepSpec.CONTINUE)
            || v.startsWith(StepSpec.STEP_PREFIX) && v.length() > StepSpec.STEP_PREFIX.length();
    if (!ok) {
      problems.add(
          Problems.at(path, key),
          step,
          key + " must be Abort" + (failure ? ", Continue" : "") + " or step:NAME, not " + v);
      return null;
    }
    return v;
  }

  private static List<OutputSpec> outputs(
      Object raw, List<Object> path, String step, Problems problems, ActionSchemas schemas) {
    List<OutputSpec> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    List<?> list = problems.list(raw, path, step, "outputs");
    for (int i = 0; list != null && i < list.size(); i++) {
      List<Object> at = Problems.at(path, i);
      Map<String, Object> o = problems.map(list.get(i), at, step, "an output");
      if (o == null) {
        continue;
      }
      problems.onlyKeys(o, List.of("Name", "Selector", "Type"), at, step, "an output");
      String name = problems.text(o.get("Name"), Problems.at(at, "Name"), step, "Name");
      if (name != null && !STEP_NAME.matcher(name).matches()) {
        problems.add(
            Problems.at(at, "Name"),
            step,
            "output name " + name + " must be 1-128 of" + " a-z A-Z 0-9 _");
      }
      schemas.selector(o.get("Selector"), Problems.at(at, "Selector"), step);
      ParamType type = o.get("Type") instanceof String t ? ParamType.parse(t) : null;
      if (type == null) {
        problems.add(Problems.at(at, "Type"), step, "Type must be one of " + ParamType.names());
      }
      if (name != null && o.get("Selector") instanceof String s && type != null) {
        out.add(new OutputSpec(name, s, type));
      }
    }
    return out;
  }

  private static List<String> documentOutputs(Object raw, Problems problems) {
    List<String> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    List<?> list = problems.list(raw, List.of("outputs"), null, "outputs");
    for (int i = 0; list != null && i < list.size(); i++) {
      String o = problems.text(list.get(i), List.of("outputs", i), null, "an output");
      if (o != null) {
        out.add(o);
      }
    }
    return out;
  }
}
