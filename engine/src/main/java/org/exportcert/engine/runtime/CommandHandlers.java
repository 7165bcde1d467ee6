package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.exportcert.engine.command.EngineCommand;
import org.exportcert.engine.command.EngineCommand.*;

/**
 * One handler per command intent, keyed by the command's record class. To add a command: a record
 * in {@link EngineCommand} with its intent in {@code CommandCodec}, its REST mapping in {@code
 * RestCommands} and its gRPC mapping in {@code GatewayService}, and its handler here (in the
 * *Commands class of its record type, or a new one). A handler runs on the processor thread only;
 * it may change state and returns the response body (null for 204), or throws {@link
 * EngineException} to reject the command without changing state.
 */
final class CommandHandlers {

  private final Map<Class<?>, Function<EngineCommand, JsonNode>> byType = new HashMap<>();

  CommandHandlers(BpmnRuntime rt) {
    DeploymentCommands deployment = new DeploymentCommands(rt);
    register(Deploy.class, deployment::deploy);
    register(DeleteResource.class, c -> new ResourceDeletion(rt).delete(c));

    ProcessInstanceCommands instances = new ProcessInstanceCommands(rt);
    register(CreateProcessInstance.class, instances::create);
    register(CancelProcessInstance.class, instances::cancel);
    register(ModifyProcessInstance.class, c -> new ProcessInstanceModification(rt).modify(c));
    register(MigrateProcessInstance.class, c -> new ProcessInstanceMigration(rt).migrate(c));

    JobCommands jobs = new JobCommands(rt);
    register(ActivateJobs.class, jobs::activate);
    register(CompleteJob.class, jobs::complete);
    register(FailJob.class, jobs::fail);
    register(ThrowError.class, jobs::throwError);
    register(UpdateJob.class, jobs::update);

    ElementInstanceCommands elementInstances = new ElementInstanceCommands(rt);
    register(SetVariables.class, elementInstances::setVariables);
    register(ActivateAdHocActivities.class, rt.adHoc::activateActivities);
    register(ResolveIncident.class, elementInstances::resolveIncident);

    UserTaskCommands userTasks = new UserTaskCommands(rt);
    register(AssignUserTask.class, userTasks::assign);
    register(UnassignUserTask.class, userTasks::unassign);
    register(UpdateUserTask.class, userTasks::update);
    register(CompleteUserTask.class, userTasks::complete);

    ClockCommands clock = new ClockCommands(rt);
    register(AddToClock.class, clock::add);
    register(ResetClock.class, c -> clock.reset());
    register(PinClock.class, clock::pin);
    register(TriggerTimers.class, c -> clock.triggerTimers());

    MessageCommands messages = new MessageCommands(rt);
    register(PublishMessage.class, messages::publish);
    register(CorrelateMessage.class, messages::correlate);
    register(BroadcastSignal.class, rt.signals::broadcast);

    register(EvaluateDecision.class, c -> rt.decisions.evaluate(rt.state(), c, rt.now));
    register(ContinueSteps.class, c -> {
      rt.run();
      return null;
    });
    for (Class<?> type : EngineCommand.class.getPermittedSubclasses()) {
      if (!byType.containsKey(type)) {
        throw new IllegalStateException("no handler for command " + type.getSimpleName());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private <C extends EngineCommand> void register(Class<C> type, Function<C, JsonNode> handler) {
    if (byType.put(type, c -> handler.apply((C) c)) != null) {
      throw new IllegalStateException("two handlers for command " + type.getSimpleName());
    }
  }

  /** Executes one command; returns its response body (null for 204). */
  JsonNode execute(EngineCommand command) {
    return byType.get(command.getClass()).apply(command);
  }
}
