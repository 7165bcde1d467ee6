package org.exportcert.engine.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.engine.feel.FeelException;
import org.exportcert.engine.model.ElementKind;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.state.BufferedMessage;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.MessageSubscription;

/**
 * Message subscriptions of waiting elements (catch events, receive tasks, boundary events, event
 * subprocess starts, event-based gateways): opening one (a buffered message may correlate at
 * once), closing them, and what a correlated message does.
 */
final class MessageSubscriptions {

  private final BpmnRuntime rt;

  MessageSubscriptions(BpmnRuntime rt) {
    this.rt = rt;
  }

  void subscribe(ElementInstance owner, ElementModel event) {
    EngineState state = rt.state();
    Map<String, Object> variables = rt.visibleVariables(owner);
    Object name = rt.feel().evaluateValue(event.messageName(), variables);
    Object key = rt.feel().evaluateValue(event.correlationKey(), variables);
    if (name == null || String.valueOf(name).isBlank()) {
      throw new FeelException("Expected the message name of '" + event.id + "' to be a non-empty string, but was '" + name + "'");
    }
    if (!(key instanceof String) && !(key instanceof Number)) {
      throw new FeelException("Failed to extract the correlation key for '" + event.correlationKey() + "': The value must be either a string or a number, but was '"
          + (key == null ? "NULL" : key.getClass().getSimpleName()) + "'.");
    }
    MessageSubscription subscription = open(owner, event, String.valueOf(name), String.valueOf(key));
    // a buffered message published earlier correlates now (at most once per process instance)
    for (BufferedMessage message : state.bufferedMessages.values()) {
      if (message.expiresAt > rt.now && message.name.equals(subscription.messageName)
          && message.correlationKey.equals(subscription.correlationKey)
          && !message.correlatedInstances.contains(owner.processInstanceKey)) {
        message.correlatedInstances.add(owner.processInstanceKey);
        rt.later(() -> trigger(subscription, message.variables, message.key));
        break;
      }
    }
  }

  private MessageSubscription open(ElementInstance owner, ElementModel event, String messageName, String correlationKey) {
    EngineState state = rt.state();
    MessageSubscription subscription = new MessageSubscription();
    subscription.key = state.newKey();
    subscription.owner = owner;
    subscription.event = event;
    subscription.messageName = messageName;
    subscription.correlationKey = correlationKey;
    subscription.lastUpdated = rt.now;
    state.messageSubscriptions.put(subscription.key, subscription);
    state.openSubscriptionsByName.computeIfAbsent(subscription.messageName, n -> new LinkedHashSet<>()).add(subscription.key);
    EngineState.index(state.subscriptionsByInstance, owner.processInstanceKey, subscription);
    state.messageSubscriptionChanged(subscription);
    owner.ownSubscription(subscription.key);
    return subscription;
  }

  /** Closes an element's message subscriptions, and its signal subscriptions with them. */
  void close(ElementInstance ei) {
    EngineState state = rt.state();
    for (Long key : ei.subscriptionKeys) {
      MessageSubscription subscription = state.messageSubscriptions.get(key);
      if (subscription != null && subscription.state == MessageSubscription.State.CREATED) {
        delete(state, subscription);
      }
    }
    ei.releaseSubscriptions();
    rt.signals.close(ei);
  }

  /**
   * Closes the scope's event subprocess start subscriptions only (message and signal; its boundary
   * events stay): a terminate end event ended the scope's flow, no event subprocess starts in it any more.
   */
  void closeEventSubprocessStarts(ElementInstance scope) {
    EngineState state = rt.state();
    for (Long key : List.copyOf(scope.subscriptionKeys)) {
      MessageSubscription subscription = state.messageSubscriptions.get(key);
      if (subscription != null && subscription.event.kind == ElementKind.START_EVENT) {
        if (subscription.state == MessageSubscription.State.CREATED) {
          delete(state, subscription);
        }
        scope.releaseSubscription(key);
      }
    }
    rt.signals.closeEventSubprocessStarts(scope);
  }

  private void delete(EngineState state, MessageSubscription subscription) {
    subscription.state = MessageSubscription.State.DELETED;
    subscription.lastUpdated = rt.now;
    Set<Long> open = state.openSubscriptionsByName.get(subscription.messageName);
    if (open != null) {
      open.remove(subscription.key);
    }
    state.messageSubscriptionChanged(subscription);
  }

  /** A message reached a subscription: the catch event or receive task completes, or the boundary event fires. */
  void trigger(MessageSubscription subscription, Map<String, Object> variables, long messageKey) {
    ElementInstance owner = subscription.owner;
    if (subscription.state != MessageSubscription.State.CREATED || !owner.isActive()) {
      return;
    }
    ElementModel event = subscription.event;
    boolean eventSubprocessStart = event.kind == ElementKind.START_EVENT;
    boolean interruptingOrWait = (event.kind != ElementKind.BOUNDARY_EVENT && !eventSubprocessStart) || event.interrupting();
    if (interruptingOrWait) {
      close(owner);
    }
    subscription.state = MessageSubscription.State.CORRELATED;
    subscription.lastUpdated = rt.now;
    subscription.correlatedMessageKey = messageKey;
    rt.state().messageSubscriptionChanged(subscription);
    if (owner.element.kind == ElementKind.EVENT_BASED_GATEWAY) {
      rt.events.passGateway(owner, event, variables);
      return;
    }
    if (event.kind != ElementKind.BOUNDARY_EVENT && !eventSubprocessStart) {
      rt.leave(owner, variables);
      return;
    }
    if (eventSubprocessStart && event.interrupting()) {
      rt.events.startEventSubprocess(owner, event, variables);
      return;
    }
    if (!event.interrupting()) {
      reopen(subscription); // a non-interrupting event keeps listening
    }
    if (eventSubprocessStart) {
      rt.events.startEventSubprocess(owner, event, variables);
      return;
    }
    rt.events.fireBoundary(owner, event, event.interrupting(), null, variables);
  }

  /** Replaces a correlated subscription of a non-interrupting event by an equal open one. */
  private void reopen(MessageSubscription subscription) {
    ElementInstance owner = subscription.owner;
    Set<Long> open = rt.state().openSubscriptionsByName.get(subscription.messageName);
    if (open != null) {
      open.remove(subscription.key);
    }
    owner.releaseSubscription(subscription.key);
    open(owner, subscription.event, subscription.messageName, subscription.correlationKey);
  }

  /** Open subscriptions for a message, at most one per process instance, oldest first. */
  List<MessageSubscription> matching(String name, String correlationKey) {
    EngineState state = rt.state();
    List<MessageSubscription> result = new ArrayList<>();
    Set<Long> instances = new HashSet<>();
    for (Long key : state.openSubscriptionsByName.getOrDefault(name, Set.of())) {
      MessageSubscription subscription = state.messageSubscriptions.get(key);
      if (subscription.correlationKey.equals(correlationKey) && instances.add(subscription.owner.processInstanceKey)) {
        result.add(subscription);
      }
    }
    return result;
  }
}
