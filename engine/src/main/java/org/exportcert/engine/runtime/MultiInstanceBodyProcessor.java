package org.exportcert.engine.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.feel.FeelException;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.model.LoopSpec;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.Variable;

/**
 * The body of a multi-instance activity: holds the activity's boundary events, the input items
 * and the output collection, and runs one inner instance of the activity per item, in sequence
 * or in parallel, until all completed or the completion condition holds.
 */
final class MultiInstanceBodyProcessor implements ElementProcessor {

  private final BpmnRuntime rt;

  MultiInstanceBodyProcessor(BpmnRuntime rt) {
    this.rt = rt;
  }

  /** Runs before the activity's input mappings and listeners (those belong to each inner instance). */
  @Override
  public void activate(ElementInstance body) {
    ElementModel element = body.element;
    LoopSpec loop = element.loop();
    body.multiInstanceBody = true;
    rt.state().elementInstanceChanged(body); // its type is MULTI_INSTANCE_BODY now
    rt.events.openBoundaries(body);
    Object collection = rt.feel().evaluate(loop.inputCollection(), rt.visibleVariables(body));
    if (!(collection instanceof List<?> items)) {
      throw new FeelException("Expected result of the expression '" + loop.inputCollection() + "' to be 'ARRAY', but was '"
          + (collection == null ? "NULL" : collection.getClass().getSimpleName().toUpperCase()) + "'.");
    }
    body.loopItems = new ArrayList<>(items);
    body.loopNext = 0;
    if (loop.outputCollection() != null) {
      List<Object> output = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        output.add(null);
      }
      rt.variables.set(body, loop.outputCollection(), output);
    }
    if (items.isEmpty()) {
      rt.leave(body, null);
      return;
    }
    if (loop.sequential()) {
      startInner(body);
    } else {
      while (body.loopNext < body.loopItems.size()) {
        startInner(body);
      }
    }
  }

  private void startInner(ElementInstance body) {
    int index = body.loopNext++;
    ElementInstance inner = rt.newElementInstance(body.element, body);
    Map<String, Object> locals = new LinkedHashMap<>();
    locals.put("loopCounter", (long) index + 1);
    if (body.element.loop().inputElement() != null) {
      locals.put(body.element.loop().inputElement(), body.loopItems.get(index));
    }
    rt.setLocal(inner, locals);
    rt.enterLater(inner);
  }

  /** An inner instance completed: collect its output, then start the next, stop early, or complete the body. */
  @SuppressWarnings("unchecked")
  void innerCompleted(ElementInstance body, ElementInstance inner) {
    LoopSpec loop = body.element.loop();
    body.loopCompleted++;
    if (loop.outputCollection() != null && loop.outputElement() != null) {
      Object value;
      try {
        value = rt.feel().evaluate(loop.outputElement(), rt.visibleVariables(inner));
      } catch (FeelException e) {
        value = null;
      }
      Variable collection = rt.state().variablesByScope.get(body.key).get(loop.outputCollection());
      List<Object> output = new ArrayList<>((List<Object>) collection.value);
      Object counter = rt.state().variablesByScope.get(inner.key).get("loopCounter").value;
      output.set(((Number) counter).intValue() - 1, value);
      rt.variables.set(body, loop.outputCollection(), output);
    }
    boolean done = false;
    if (loop.completionCondition() != null) {
      Map<String, Object> context = rt.visibleVariables(body);
      context.put("numberOfInstances", (long) body.loopItems.size());
      context.put("numberOfActiveInstances", (long) body.activeChildren.size());
      context.put("numberOfCompletedInstances", (long) body.loopCompleted);
      context.put("numberOfTerminatedInstances", (long) body.loopTerminated);
      Object result;
      try {
        result = rt.feel().evaluate(loop.completionCondition(), context);
      } catch (FeelException e) {
        result = null;
      }
      done = Boolean.TRUE.equals(result);
    }
    if (done) {
      // as in Zeebe: the other inner instances are terminated (their canceling task listeners first), then the body completes
      List<ElementInstance> others = List.copyOf(body.activeChildren);
      body.loopTerminated += others.size();
      rt.canceling.terminateThen(others, new Continuation.CompleteBodyWhenEmpty(body));
      return;
    }
    if (loop.sequential() && body.loopNext < body.loopItems.size()) {
      startInner(body);
    }
    completeWhenEmpty(rt, body);
  }

  static void completeWhenEmpty(BpmnRuntime rt, ElementInstance body) {
    if (body.activeChildren.isEmpty() && body.isActive()) {
      rt.later(() -> {
        if (body.isActive() && body.activeChildren.isEmpty()) {
          rt.leave(body, null);
        }
      });
    }
  }
}
