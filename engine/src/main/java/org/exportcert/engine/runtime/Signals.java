package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.exportcert.engine.command.EngineCommand;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.feel.FeelException;
import org.exportcert.engine.model.ElementKind;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.state.DeployedProcess;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.SignalSubscription;
import org.exportcert.engine.state.Variable;

/**
 * Signals (1:N, unlike messages): a broadcast (API or a signal throw event) starts one instance of
 * every process whose latest version has a signal start event with the name, and triggers every open
 * signal subscription with the name: catch events complete, boundary events fire (interrupting ones
 * terminate their activity), event subprocesses start. Non-interrupting subscriptions stay open.
 */
final class Signals {

  private final BpmnRuntime runtime;

  Signals(BpmnRuntime runtime) {
    this.runtime = runtime;
  }

  private EngineState state() {
    return runtime.state();
  }

  /** Opens a subscription for a signal catch, boundary or event subprocess start event (name static or FEEL). */
  void subscribe(ElementInstance owner, ElementModel event) {
    Object name = runtime.feel().evaluateValue(event.signalName(), runtime.visibleVariables(owner));
    if (name == null || String.valueOf(name).isBlank()) {
      throw new FeelException("Expected the signal name of '" + event.id + "' to be a non-empty string, but was '" + name + "'");
    }
    SignalSubscription subscription = new SignalSubscription();
    subscription.key = state().newKey();
    subscription.owner = owner;
    subscription.event = event;
    subscription.signalName = String.valueOf(name);
    state().signalSubscriptions.put(subscription.key, subscription);
    owner.ownSignalSubscription(subscription.key);
  }

  void close(ElementInstance owner) {
    for (Long key : owner.signalSubscriptionKeys) {
      state().signalSubscriptions.remove(key);
    }
    owner.releaseSignalSubscriptions();
  }

  /** Closes the scope's event subprocess signal starts only (see {@link MessageSubscriptions#closeEventSubprocessStarts}). */
  void closeEventSubprocessStarts(ElementInstance scope) {
    for (Long key : List.copyOf(scope.signalSubscriptionKeys)) {
      SignalSubscription subscription = state().signalSubscriptions.get(key);
      if (subscription != null && subscription.event.kind == ElementKind.START_EVENT) {
        state().signalSubscriptions.remove(key);
        scope.releaseSignalSubscription(key);
      }
    }
  }

  /** POST /v2/signals/broadcast and gRPC BroadcastSignal. */
  JsonNode broadcast(EngineCommand.BroadcastSignal command) {
    String name = command.signalName();
    if (name == null || name.isBlank()) {
      throw EngineException.invalidArgument("No signalName provided.");
    }
    long signalKey = state().newKey();
    broadcast(name, Json.variables(command.variables()));
    runtime.run();
    ObjectNode response = Json.object();
    response.put("signalKey", String.valueOf(signalKey));
    String tenantId = command.tenantId();
    response.put("tenantId", tenantId == null || tenantId.isBlank() ? BpmnRuntime.DEFAULT_TENANT : tenantId);
    return response;
  }

  /** A signal intermediate throw or end event: broadcasts its signal with its local variables (its input mappings). */
  void throwSignal(ElementInstance thrower) {
    Object name = runtime.feel().evaluateValue(thrower.element.signalName(), runtime.visibleVariables(thrower));
    Map<String, Object> variables = new LinkedHashMap<>();
    Map<String, Variable> locals = state().variablesByScope.get(thrower.key);
    if (locals != null) {
      locals.values().forEach(v -> variables.put(v.name, v.value));
    }
    broadcast(String.valueOf(name), variables);
  }

  private void broadcast(String name, Map<String, Object> variables) {
    List<DeployedProcess> starts = new ArrayList<>();
    for (DeployedProcess process : state().processesByKey.values()) {
      if (state().latest(process.processId) == process) {
        starts.add(process);
      }
    }
    List<SignalSubscription> targets = new ArrayList<>();
    for (SignalSubscription subscription : state().signalSubscriptions.values()) {
      if (subscription.signalName.equals(name)) {
        targets.add(subscription);
      }
    }
    for (DeployedProcess process : starts) {
      for (ElementModel start : process.model.process().eventStarts()) {
        if (name.equals(start.signalName())) {
          ElementInstance pi = runtime.newProcessInstance(process, Map.of());
          runtime.startAtEvent(pi, start, variables);
        }
      }
    }
    for (SignalSubscription subscription : targets) {
      trigger(subscription, variables);
    }
  }

  private void trigger(SignalSubscription subscription, Map<String, Object> variables) {
    ElementInstance owner = subscription.owner;
    ElementModel event = subscription.event;
    if (!owner.isActive() || !state().signalSubscriptions.containsKey(subscription.key)) {
      return; // closed by an earlier trigger of the same broadcast
    }
    if (owner.element.kind == ElementKind.EVENT_BASED_GATEWAY) {
      runtime.passGateway(owner, event, variables); // closes the gateway's other subscriptions and timers
      return;
    }
    if (event.kind == ElementKind.INTERMEDIATE_CATCH_EVENT) {
      close(owner);
      runtime.complete(owner, variables);
      return;
    }
    if (event.kind == ElementKind.START_EVENT) {
      if (event.interrupting()) {
        close(owner);
      }
      runtime.startEventSubprocess(owner, event, variables);
      return;
    }
    runtime.events.fireBoundary(owner, event, event.interrupting(), null, variables);
  }
}
