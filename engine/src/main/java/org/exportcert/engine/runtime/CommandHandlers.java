package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * One handler per command intent, keyed by the command's name in the journal (and in
 * {@link CommandProcessor}'s queue). To add a command: write its handler in the *Commands class of
 * its record type (or a new one), register it here, and have the REST and gRPC adapters submit it.
 * A handler runs on the processor thread only; it may change state and returns the response body
 * (null for 204), or throws {@link EngineException} to reject the command without changing state.
 */
final class CommandHandlers {

  /** Executes one command intent. */
  @FunctionalInterface
  interface CommandHandler {
    JsonNode handle(JsonNode body);
  }

  private final Map<String, CommandHandler> byIntent = new HashMap<>();

  CommandHandlers(BpmnRuntime rt) {
    DeploymentCommands deployment = new DeploymentCommands(rt);
    register("deploy", deployment::deploy);
    register("delete-resource", body -> new ResourceDeletion(rt).delete(body));

    ProcessInstanceCommands instances = new ProcessInstanceCommands(rt);
    register("create", instances::create);
    register("cancel", instances::cancel);
    register("modify-instance", body -> new ProcessInstanceModification(rt).modify(body));
    register("migrate-instance", body -> new ProcessInstanceMigration(rt).migrate(body));

    JobCommands jobs = new JobCommands(rt);
    register("activate", jobs::activate);
    register("complete-job", jobs::complete);
    register("fail-job", jobs::fail);
    register("throw-error", jobs::throwError);
    register("update-job", jobs::update);

    ElementInstanceCommands elementInstances = new ElementInstanceCommands(rt);
    register("set-variables", elementInstances::setVariables);
    register("resolve-incident", elementInstances::resolveIncident);

    UserTaskCommands userTasks = new UserTaskCommands(rt);
    register("assign-user-task", userTasks::assign);
    register("unassign-user-task", userTasks::unassign);
    register("update-user-task", userTasks::update);
    register("complete-user-task", userTasks::complete);

    ClockCommands clock = new ClockCommands(rt);
    register("clock-add", clock::add);
    register("clock-reset", body -> clock.reset());
    register("clock-pin", clock::pin);
    register("trigger-timers", body -> clock.triggerTimers());

    MessageCommands messages = new MessageCommands(rt);
    register("publish-message", messages::publish);
    register("correlate-message", messages::correlate);
    register("broadcast-signal", rt.signals::broadcast);

    register("evaluate-decision", body -> rt.decisions.evaluate(rt.state(), body, rt.now));
    register("continue", body -> { // element steps left over from a long straight-through run (see Agenda)
      rt.run();
      return null;
    });
  }

  private void register(String intent, CommandHandler handler) {
    if (byIntent.put(intent, handler) != null) {
      throw new IllegalStateException("two handlers for command " + intent);
    }
  }

  /** Executes one command; returns its response body (null for 204). */
  JsonNode execute(String intent, JsonNode body) {
    CommandHandler handler = byIntent.get(intent);
    if (handler == null) {
      throw new IllegalArgumentException("unknown command " + intent);
    }
    return handler.handle(body);
  }
}
