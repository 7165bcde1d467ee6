package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.exportcert.engine.command.EngineCommand;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.state.BufferedMessage;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.MessageSubscription;

/**
 * The message commands: "publish-message" (correlates to every waiting instance, buffered for its
 * time to live) and "correlate-message" (correlates now or is refused).
 */
final class MessageCommands {

  private final BpmnRuntime rt;

  MessageCommands(BpmnRuntime rt) {
    this.rt = rt;
  }

  JsonNode publish(EngineCommand.PublishMessage command) {
    String name = command.name();
    if (name == null || name.isBlank()) {
      throw EngineException.invalidArgument("No name provided.");
    }
    String correlationKey = command.correlationKey() == null ? "" : command.correlationKey();
    long ttl = Math.max(0, command.timeToLive());
    String messageId = command.messageId();
    Map<String, Object> variables = Json.variables(command.variables());
    rt.state().bufferedMessages.values().removeIf(m -> m.expiresAt <= rt.now);
    if (messageId != null && !messageId.isBlank()) {
      for (BufferedMessage buffered : rt.state().bufferedMessages.values()) {
        if (messageId.equals(buffered.messageId) && buffered.name.equals(name)) {
          throw new EngineException(409, "ALREADY_EXISTS",
              "Command 'PUBLISH' rejected with code 'ALREADY_EXISTS': Expected to publish a new message with id '" + messageId
                  + "', but a message with that id was already published");
        }
      }
    }
    BufferedMessage message = new BufferedMessage();
    message.key = rt.state().newKey();
    message.name = name;
    message.correlationKey = correlationKey;
    message.messageId = messageId;
    message.variables = variables;
    message.expiresAt = rt.now + ttl;
    for (MessageSubscription subscription : rt.messages.matching(name, correlationKey)) {
      message.correlatedInstances.add(subscription.owner.processInstanceKey);
      rt.messages.trigger(subscription, variables, message.key);
      rt.run();
    }
    rt.startEvents().correlate(message);
    if (ttl > 0) {
      rt.state().bufferedMessages.put(message.key, message);
    }
    ObjectNode response = Json.object();
    response.put("tenantId", DeploymentCommands.tenant(command.tenantId()));
    response.put("messageKey", String.valueOf(message.key));
    return response;
  }

  JsonNode correlate(EngineCommand.CorrelateMessage command) {
    String name = command.name();
    if (name == null || name.isBlank()) {
      throw EngineException.invalidArgument("No name provided.");
    }
    String correlationKey = command.correlationKey() == null ? "" : command.correlationKey();
    List<MessageSubscription> targets = rt.messages.matching(name, correlationKey);
    BufferedMessage message = new BufferedMessage();
    message.name = name;
    message.correlationKey = correlationKey;
    message.variables = Json.variables(command.variables());
    if (targets.isEmpty() && !rt.startEvents().canCorrelate(message)) {
      throw EngineException.notFound(
          "Command 'CORRELATE' rejected with code 'NOT_FOUND': Expected to find subscription for message with name '" + name
              + "' and correlation key '" + correlationKey + "', but none was found.");
    }
    Map<String, Object> variables = message.variables;
    long messageKey = rt.state().newKey();
    message.key = messageKey;
    Long processInstanceKey = targets.isEmpty() ? null : targets.get(0).owner.processInstanceKey;
    for (MessageSubscription subscription : targets) {
      rt.messages.trigger(subscription, variables, messageKey);
      rt.run();
    }
    for (ElementInstance started : rt.startEvents().correlate(message)) {
      processInstanceKey = processInstanceKey == null ? started.key : processInstanceKey;
    }
    ObjectNode response = Json.object();
    response.put("tenantId", DeploymentCommands.tenant(command.tenantId()));
    response.put("messageKey", String.valueOf(messageKey));
    response.put("processInstanceKey", String.valueOf(processInstanceKey));
    return response;
  }

}
