package org.exportcert.bpmn.lint;

import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeProperties;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bilingual naming convention of the models (docs/process-guide.md, "Names in Chinese"): an
 * element's {@code name} is its English name and the extension property {@code name.zh} (Camunda
 * Modeler: "Extension properties") its Chinese name, so the model stays the one place a program
 * manager renames a step. The console shows {@code name.zh} on Chinese pages and the model's name
 * where a model has none. The build requires it of the shipped models; the console's lint warns.
 */
public final class ChineseNames {

  public static final String PROPERTY = "name.zh";

  private ChineseNames() {}

  /** The element's Chinese name, if the model gives one. */
  public static Optional<String> of(BaseElement element) {
    ZeebeProperties properties = element.getSingleExtensionElement(ZeebeProperties.class);
    if (properties == null) {
      return Optional.empty();
    }
    return properties.getProperties().stream()
        .filter(p -> PROPERTY.equals(p.getName()))
        .map(ZeebeProperty::getValue)
        .filter(v -> v != null && !v.isBlank())
        .findFirst();
  }

  /** Processes and flow elements (tasks, events, gateways, sequence flows) named without a Chinese name. */
  public static List<LintProblem> check(BpmnModelInstance model) {
    List<LintProblem> problems = new ArrayList<>();
    List<BaseElement> named = new ArrayList<>(model.getModelElementsByType(Process.class));
    named.addAll(model.getModelElementsByType(FlowElement.class));
    for (BaseElement e : named) {
      String name = e instanceof Process p ? p.getName() : ((FlowElement) e).getName();
      if (name != null && !name.isBlank() && of(e).isEmpty()) {
        problems.add(LintProblem.of(e.getId(), LintCode.CHINESE_NAME_MISSING, name.strip()));
      }
    }
    return problems;
  }
}
