package io.ssmflow.workflows.runbook.doc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks across steps: unique names, jump targets, variables (each names a parameter, a system
 * variable or an output of a step that exists and defines it), infinite loops in Automation
 * documents, and the graph of orchestrations (unknown dependencies, cycles).
 */
final class DocumentValidator {
  static final Set<String> SYSTEM_VARIABLES =
      Set.of(
          "global:DATE",
          "global:DATE_TIME",
          "global:REGION",
          "global:AWS_PARTITION",
          "automation:EXECUTION_ID");

  /** Actions onCancel may not jump to (SSM's list, for those ssmflow runs). */
  private static final Set<String> NOT_ON_CANCEL =
      Set.of("aws:approve", "aws:createTags", "aws:pause", "aws:sleep");

  private final RunbookDocument doc;
  private final Problems problems;
  private final boolean automation;
  private final String section;
  private DagGraph graph;

  DocumentValidator(RunbookDocument doc, Problems problems) {
    this.doc = doc;
    this.problems = problems;
    this.automation = doc.format() == DocumentFormat.AUTOMATION;
    this.section = automation ? "mainSteps" : "steps";
  }

  void validate(List<List<String>> branchTargets) {
    Map<String, Integer> seen = new HashMap<>();
    boolean duplicates = false;
    for (int i = 0; i < doc.steps().size(); i++) {
      StepSpec s = doc.steps().get(i);
      if (s.name() == null) {
        return;
      }
      if (seen.putIfAbsent(s.name(), i) != null) {
        duplicates = true;
        problems.add(
            List.of(section, i, "name"),
            s.name(),
            "duplicate step name "
                + s.name()
                + " (also "
                + section
                + "["
                + seen.get(s.name())
                + "])");
      }
    }
    if (duplicates) {
      return;
    }
    if (automation) {
      int before = problems.errors().size();
      jumps(branchTargets);
      if (problems.errors().size() == before) {
        loops(branchTargets);
      }
    } else if (!graph()) {
      return;
    }
    for (int i = 0; i < doc.steps().size(); i++) {
      StepSpec s = doc.steps().get(i);
      List<Object> at = List.of(section, i);
      Set<String> visible = automation ? null : new HashSet<>(graph.ancestors(s.name()));
      references(s.inputs(), Problems.at(at, "inputs"), s, visible);
      if (s.rollback() != null) {
        Set<String> mine = new HashSet<>(visible);
        mine.add(s.name());
        references(s.rollback().inputs(), Problems.at(at, "rollback", "inputs"), s, mine);
      }
      if (s.validation() != null) {
        Set<String> mine = new HashSet<>(visible);
        mine.add(s.name());
        references(s.validation().inputs(), Problems.at(at, "validation", "inputs"), s, mine);
      }
    }
    for (int i = 0; i < doc.outputs().size(); i++) {
      String o = doc.outputs().get(i);
      String problem = reference(o.trim(), null, null);
      if (problem != null) {
        problems.add(List.of("outputs", i), null, problem);
      } else if (!o.contains(".")) {
        problems.add(
            List.of("outputs", i),
            null,
            "a document output names a step output," + " e.g. check.Output");
      }
    }
    if (doc.assumeRole() != null) {
      for (String ref : Templates.referencesIn(doc.assumeRole())) {
        String problem = reference(ref, null, null);
        if (problem != null) {
          problems.add(List.of("assumeRole"), null, problem);
        }
      }
    }
  }

  private void jumps(List<List<String>> branchTargets) {
    for (int i = 0; i < doc.steps().size(); i++) {
      StepSpec s = doc.steps().get(i);
      List<Object> at = List.of(section, i);
      target(s.nextStep(), Problems.at(at, "nextStep"), s, "nextStep");
      target(s.onFailureStep(), Problems.at(at, "onFailure"), s, "onFailure");
      String cancel = s.onCancelStep();
      if (target(cancel, Problems.at(at, "onCancel"), s, "onCancel")
          && NOT_ON_CANCEL.contains(doc.step(cancel).action())) {
        problems.add(
            Problems.at(at, "onCancel"),
            s.name(),
            "onCancel cannot go to "
                + cancel
                + ": SSM does not move to "
                + doc.step(cancel).action()
                + " on cancel");
      }
      for (String t : branchTargets.get(i)) {
        target(t, Problems.at(at, "inputs", "Choices"), s, "a choice");
      }
    }
  }

  private boolean target(String name, List<Object> at, StepSpec s, String what) {
    if (name == null) {
      return false;
    }
    if (doc.step(name) == null) {
      problems.add(at, s.name(), what + " names step " + name + ", which does not exist");
      return false;
    }
    return true;
  }

  /**
   * A cycle of steps that always go to the next one (no branch, no isEnd) can never end: SSM
   * refuses such documents with the loop's trace, and so does ssmflow.
   */
  private void loops(List<List<String>> branchTargets) {
    Map<String, String> next = new LinkedHashMap<>();
    List<StepSpec> steps = doc.steps();
    for (int i = 0; i < steps.size(); i++) {
      StepSpec s = steps.get(i);
      if (s.end() || Action.BRANCH.awsName().equals(s.action())) {
        continue;
      }
      String n =
          s.nextStep() != null
              ? s.nextStep()
              : i + 1 < steps.size() ? steps.get(i + 1).name() : null;
      if (n != null) {
        next.put(s.name(), n);
      }
    }
    Set<String> done = new HashSet<>();
    for (String start : next.keySet()) {
      List<String> path = new ArrayList<>();
      String cur = start;
      while (cur != null && !done.contains(cur) && !path.contains(cur)) {
        path.add(cur);
        cur = next.get(cur);
      }
      if (cur != null && path.contains(cur)) {
        List<String> loop = new ArrayList<>(path.subList(path.indexOf(cur), path.size()));
        loop.add(cur);
        problems.add(
            List.of(section, doc.indexOf(cur)),
            cur,
            "infinite loop: " + String.join(" -> ", loop) + " (add a branch or isEnd)");
        return;
      }
      done.addAll(path);
    }
  }

  /** Checks the dependencies; answers whether the graph is sound (no unknown step, no cycle). */
  private boolean graph() {
    graph = new DagGraph(doc.steps());
    int before = problems.errors().size();
    for (int i = 0; i < doc.steps().size(); i++) {
      StepSpec s = doc.steps().get(i);
      for (int j = 0; j < s.dependsOn().size(); j++) {
        String d = s.dependsOn().get(j);
        List<Object> at = List.of(section, i, "dependsOn", j);
        if (d.equals(s.name())) {
          problems.add(at, s.name(), "step " + d + " depends on itself");
        } else if (doc.step(d) == null) {
          problems.add(at, s.name(), "unknown dependency " + d + " (no step has that name)");
        }
      }
    }
    if (problems.errors().size() > before) {
      return false;
    }
    List<String> cycle = graph.cycle();
    if (!cycle.isEmpty()) {
      problems.add(
          List.of(section, doc.indexOf(cycle.get(0)), "dependsOn"),
          cycle.get(0),
          "dependency cycle: " + String.join(" -> ", cycle));
      return false;
    }
    return true;
  }

  private void references(Object value, List<Object> path, StepSpec s, Set<String> visible) {
    if (value instanceof String text) {
      boolean alone = Templates.whole(text) != null;
      for (String ref : Templates.referencesIn(text)) {
        String problem = reference(ref, visible, s.name());
        if (problem == null && !alone) {
          ParamType t = typeOf(ref);
          if (t != null && !t.isScalar()) {
            problem =
                "{{ "
                    + ref
                    + " }} is a "
                    + t.awsName()
                    + ": only a String, Integer or"
                    + " Boolean can be written inside text";
          }
        }
        if (problem != null) {
          problems.add(path, s.name(), problem);
        }
      }
      commandWarnings(text, path, s);
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        references(list.get(i), Problems.at(path, i), s, visible);
      }
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> references(v, Problems.at(path, String.valueOf(k)), s, visible));
    }
  }

  /** A String parameter written into a shell command without a pattern can inject commands. */
  private void commandWarnings(String text, List<Object> path, StepSpec s) {
    if (!path.contains("commands")) {
      return;
    }
    for (String ref : Templates.referencesIn(text)) {
      ParameterSpec p = doc.parameter(ref);
      if (p != null
          && p.type() == ParamType.STRING
          && p.allowedPattern() == null
          && p.allowedValues().isEmpty()) {
        problems.warn(
            path,
            s.name(),
            "parameter "
                + ref
                + " goes into a shell command without"
                + " an allowedPattern or allowedValues: any value runs as written");
      }
    }
  }

  /** Why a variable cannot be resolved, or null. */
  private String reference(String ref, Set<String> visible, String from) {
    if (SYSTEM_VARIABLES.contains(ref)) {
      return null;
    }
    if (ref.equals("global:ACCOUNT_ID")) {
      return "global:ACCOUNT_ID is not available in ssmflow (it calls AWS as its worker, with no"
          + " account lookup): pass the account id as a parameter";
    }
    if (ref.startsWith("ssm:")) {
      return "{{ "
          + ref
          + " }}: Parameter Store references are not resolved in step inputs"
          + " (read the value with aws:executeAwsApi ssm GetParameter)";
    }
    if (ref.contains(":")) {
      return "unknown variable "
          + ref
          + " (system variables: "
          + String.join(", ", new java.util.TreeSet<>(SYSTEM_VARIABLES))
          + ")";
    }
    int dot = ref.indexOf('.');
    if (dot < 0) {
      return doc.parameter(ref) != null
          ? null
          : "unknown parameter "
              + ref
              + (doc.parameters().isEmpty()
                  ? " (the document declares none)"
                  : " (declared: "
                      + String.join(
                          ", ", doc.parameters().stream().map(ParameterSpec::name).toList())
                      + ")");
    }
    String step = ref.substring(0, dot);
    String output = ref.substring(dot + 1);
    StepSpec target = doc.step(step);
    if (target == null) {
      return "{{ " + ref + " }} names step " + step + ", which does not exist";
    }
    if (visible != null && !visible.contains(step)) {
      return "{{ "
          + ref
          + " }}: step "
          + step
          + " is not a dependency of "
          + from
          + " (add it to dependsOn so its output exists when "
          + from
          + " runs)";
    }
    if (outputsOf(target).containsKey(output)) {
      return null;
    }
    return "step "
        + step
        + " has no output "
        + output
        + (outputsOf(target).isEmpty()
            ? " (" + target.action() + " has none)"
            : " (it has " + String.join(", ", outputsOf(target).keySet()) + ")");
  }

  private ParamType typeOf(String ref) {
    int dot = ref.indexOf('.');
    if (ref.contains(":")) {
      return ParamType.STRING;
    }
    if (dot < 0) {
      ParameterSpec p = doc.parameter(ref);
      return p == null ? null : p.type();
    }
    StepSpec s = doc.step(ref.substring(0, dot));
    return s == null ? null : outputsOf(s).get(ref.substring(dot + 1));
  }

  static Map<String, ParamType> outputsOf(StepSpec s) {
    Map<String, ParamType> out = new LinkedHashMap<>();
    Action a = Action.of(s.action());
    if (a != null) {
      out.putAll(new java.util.TreeMap<>(a.outputs()));
    }
    for (OutputSpec o : s.outputs()) {
      out.put(o.name(), o.type());
    }
    return out;
  }
}
