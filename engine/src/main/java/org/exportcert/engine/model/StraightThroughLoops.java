package org.exportcert.engine.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Zeebe 8.8 refuses to deploy a process with a straight-through processing loop: a cycle of elements
 * that never wait (manual and undefined tasks, gateways, none start and end events, embedded
 * subprocesses, multi-instance bodies, call activities of a process in the same resource) with at
 * least one manual task, undefined task or call activity in it. Such a loop would spin forever. Loops
 * through anything else (a script task, a throw event, a wait state) deploy and run step by step
 * (see the runtime's Agenda).
 */
final class StraightThroughLoops {

  private static final Set<ElementKind> PASS_THROUGH = EnumSet.of(ElementKind.MANUAL_TASK, ElementKind.TASK,
      ElementKind.EXCLUSIVE_GATEWAY, ElementKind.INCLUSIVE_GATEWAY, ElementKind.PARALLEL_GATEWAY,
      ElementKind.START_EVENT, ElementKind.END_EVENT, ElementKind.SUB_PROCESS, ElementKind.CALL_ACTIVITY);
  /** A loop is refused only if it passes one of these (a loop of gateways alone is not). */
  private static final Set<ElementKind> LOOP_MAKERS = EnumSet.of(ElementKind.MANUAL_TASK, ElementKind.TASK,
      ElementKind.CALL_ACTIVITY);
  private static final int MAX_STEPS = 200_000;

  private final Map<String, ProcessModel> processes;
  private int steps;

  private StraightThroughLoops(List<ProcessModel> models) {
    this.processes = models.stream().collect(Collectors.toMap(ProcessModel::processId, Function.identity(), (a, b) -> a));
  }

  static void check(List<ProcessModel> models, List<String> errors) {
    StraightThroughLoops search = new StraightThroughLoops(models);
    for (ProcessModel model : models) {
      List<ElementModel> starts = model.elements().stream().filter(e -> LOOP_MAKERS.contains(e.kind))
          .sorted(Comparator.comparing(e -> e.id)).toList();
      for (ElementModel start : starts) {
        List<String> loop;
        try {
          loop = search.loopFrom(model, start, new LinkedList<>());
        } catch (StackOverflowError e) {
          errors.add(BpmnParser.error(model.processId(),
              "Process contains a very long chain of tasks of type " + LOOP_MAKERS));
          break;
        }
        if (loop != null) {
          errors.add(BpmnParser.error(model.processId(),
              "Processes are not allowed to contain a straight-through processing loop: " + String.join(" > ", loop)));
          break; // one loop per process is enough to refuse it
        }
      }
    }
  }

  /** The ids of a loop reached from {@code element} along {@code path}, or null. */
  private List<String> loopFrom(ProcessModel model, ElementModel element, LinkedList<ElementModel> path) {
    if (path.contains(element)) { // the path starts at a loop maker, so any return to it is refused
      List<String> loop = new ArrayList<>();
      path.subList(path.indexOf(element), path.size()).forEach(e -> loop.add(e.id));
      loop.add(element.id);
      return loop;
    }
    if (!PASS_THROUGH.contains(element.kind) || ++steps > MAX_STEPS) {
      return null;
    }
    path.addLast(element);
    for (Next next : next(model, element)) {
      List<String> loop = loopFrom(next.model(), next.element(), path);
      if (loop != null) {
        return loop;
      }
    }
    path.removeLast();
    return null;
  }

  private record Next(ProcessModel model, ElementModel element) {}

  private List<Next> next(ProcessModel model, ElementModel element) {
    List<Next> next = new ArrayList<>();
    if (element.kind == ElementKind.SUB_PROCESS) {
      noneStart(model, model.element(element.id)).ifPresent(next::add);
    } else if (element.kind == ElementKind.CALL_ACTIVITY) {
      // only a process of the same resource, named statically: what a deployment can know
      ProcessModel called = element.calledProcessId == null || element.calledProcessId.strip().startsWith("=") ? null
          : processes.get(element.calledProcessId.strip());
      if (called != null) {
        noneStart(called, called.process()).ifPresent(next::add);
      }
    } else if (!element.outgoing.isEmpty()) {
      element.outgoing.forEach(flow -> next.add(new Next(model, model.element(flow.targetId()))));
    } else if (element.scopeId != null && model.hasElement(element.scopeId)) {
      ElementModel scope = model.element(element.scopeId); // leaving the scope: where it goes on
      if (scope.kind != ElementKind.PROCESS) {
        scope.outgoing.forEach(flow -> next.add(new Next(model, model.element(flow.targetId()))));
      }
    }
    return next;
  }

  private static java.util.Optional<Next> noneStart(ProcessModel model, ElementModel scope) {
    String id = scope.noneStartEventId;
    if (id == null || !model.hasElement(id)) {
      return java.util.Optional.empty();
    }
    ElementModel start = model.element(id);
    boolean none = start.messageName == null && start.timer == null && start.signalName == null;
    return none ? java.util.Optional.of(new Next(model, start)) : java.util.Optional.empty();
  }
}
