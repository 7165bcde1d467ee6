package org.exportcert.engine.runtime;

import java.util.HashMap;
import java.util.Map;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.state.ElementInstance;

/** Script tasks: a FEEL script evaluated in place into its result variable, or a job (Zeebe's job-worker script task). */
final class ScriptTaskProcessor implements ElementProcessor {

  private final BpmnRuntime rt;

  ScriptTaskProcessor(BpmnRuntime rt) {
    this.rt = rt;
  }

  @Override
  public void activate(ElementInstance ei) {
    ElementModel element = ei.element;
    if (element.isJobWorkerTask()) {
      rt.jobs.create(ei);
      return;
    }
    Object result = rt.feel().evaluate(element.script(), rt.visibleVariables(ei));
    Map<String, Object> vars = new HashMap<>();
    vars.put(element.resultVariable(), result);
    rt.leave(ei, vars);
  }
}
