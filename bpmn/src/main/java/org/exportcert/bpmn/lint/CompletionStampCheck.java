package org.exportcert.bpmn.lint;

import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Outcomes the impartiality rules govern come only from ExportCert (docs/process-guide.md, "Keep
 * the completion check"): a user task offered to a case role (the groups whose people the
 * impartiality rules bind) must flow straight into a service task whose {@code stampedUserTask}
 * header names it, and that step clears the stamp. Its worker verifies the stamp the API put on
 * the completion; a completion made on the engine's port, in Tasklist or with zbctl has none.
 * Operators' tasks are not bound: operators take no case role and their tasks only retry a step
 * that checks impartiality itself, or record a deadline that passed. The build and the console
 * run this same rule.
 */
public final class CompletionStampCheck {

  /** The candidate groups that are case roles (the API maps each to the role its people take). */
  public static final Set<String> CASE_ROLE_GROUPS = Set.of(
      "cb-reviewers", "evaluators", "test-lab", "reviewers", "decision-committee", "registry-admins", "appeals");

  /** The header naming the user task whose stamp the step verifies. */
  public static final String HEADER = "stampedUserTask";

  /** The process variable holding the stamp. */
  public static final String VARIABLE = "completionStamp";

  private CompletionStampCheck() {}

  public static List<LintProblem> check(BpmnModelInstance model) {
    List<LintProblem> problems = new ArrayList<>();
    for (UserTask t : model.getModelElementsByType(UserTask.class)) {
      if (!governed(t)) {
        continue;
      }
      Collection<SequenceFlow> out = t.getOutgoing();
      FlowNode next = out.size() == 1 ? out.iterator().next().getTarget() : null;
      // a task with output mappings keeps its completion's variables local: the stamp must be mapped out
      ZeebeIoMapping own = t.getSingleExtensionElement(ZeebeIoMapping.class);
      boolean passesStamp = own == null || own.getOutputs().isEmpty() || own.getOutputs().stream()
          .anyMatch(o -> VARIABLE.equals(o.getTarget()) && ("=" + VARIABLE).equals(o.getSource().replace(" ", "")));
      if (!passesStamp) {
        problems.add(new LintProblem(t.getId(), "completion-check", "'" + name(t) + "' has output mappings, so"
            + " the variables of its completion stay on the task: add the output " + VARIABLE + " = " + VARIABLE
            + ", or the check after it never sees ExportCert's stamp and every completion stops as an incident."));
      }
      if (!(next instanceof ServiceTask s) || !t.getId().equals(header(s))) {
        problems.add(new LintProblem(t.getId(), "completion-check", "'" + name(t) + "' is worked by a case role:"
            + " its only outgoing flow must go to a 'Check completed in ExportCert' step (or a recording step)"
            + " whose header " + HEADER + " is '" + t.getId() + "', so that a completion made outside"
            + " ExportCert never steers the case."));
      }
    }
    for (ServiceTask s : model.getModelElementsByType(ServiceTask.class)) {
      String checked = header(s);
      if (checked == null) {
        continue;
      }
      boolean fromIt = s.getIncoming().stream().anyMatch(f -> checked.equals(f.getSource().getId()));
      if (!(model.getModelElementById(checked) instanceof UserTask) || !fromIt) {
        problems.add(new LintProblem(s.getId(), "completion-check", "Header " + HEADER + " names '" + checked
            + "', which is not a user task flowing straight into this step."));
      }
      ZeebeIoMapping io = s.getSingleExtensionElement(ZeebeIoMapping.class);
      boolean clears = io != null && io.getOutputs().stream()
          .anyMatch(o -> VARIABLE.equals(o.getTarget()) && "=null".equals(o.getSource().replace(" ", "")));
      if (!clears) {
        problems.add(new LintProblem(s.getId(), "completion-check", "Clear the stamp once it is checked:"
            + " add the output " + VARIABLE + " = null, so that a later completion elsewhere cannot reuse it."));
      }
    }
    return problems;
  }

  private static boolean governed(UserTask t) {
    ZeebeAssignmentDefinition a = t.getSingleExtensionElement(ZeebeAssignmentDefinition.class);
    String groups = a == null ? null : a.getCandidateGroups();
    if (groups == null || groups.isBlank()) {
      return false;
    }
    // a FEEL list is read for its literal names, so an expression cannot hide a case role
    return Arrays.stream(groups.replaceAll("[=\\[\\]\"']", " ").split("[,\\s]+"))
        .anyMatch(CASE_ROLE_GROUPS::contains);
  }

  private static String header(ServiceTask s) {
    ZeebeTaskHeaders headers = s.getSingleExtensionElement(ZeebeTaskHeaders.class);
    return headers == null ? null : headers.getHeaders().stream()
        .filter(h -> HEADER.equals(h.getKey())).map(h -> h.getValue()).findFirst().orElse(null);
  }

  private static String name(UserTask t) {
    return t.getName() == null || t.getName().isBlank() ? t.getId() : t.getName();
  }
}
