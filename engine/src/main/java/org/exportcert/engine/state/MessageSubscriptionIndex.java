package org.exportcert.engine.state;

import java.util.List;

/** Live message subscriptions by message name, correlation key, state and process definition. */
public final class MessageSubscriptionIndex extends FieldIndex<MessageSubscription> {

  public static final List<String> FIELDS = List.of("messageName", "correlationKey", "messageSubscriptionState", "processDefinitionId");

  MessageSubscriptionIndex() {
    super(FIELDS);
  }

  static MessageSubscriptionIndex build(EngineState state) {
    MessageSubscriptionIndex index = new MessageSubscriptionIndex();
    state.messageSubscriptions.values().forEach(index::put);
    return index;
  }

  @Override
  protected long key(MessageSubscription subscription) {
    return subscription.key;
  }

  @Override
  protected String[] values(MessageSubscription subscription) {
    return new String[] {subscription.messageName, subscription.correlationKey, subscription.state.name(),
        subscription.owner.process.processId};
  }
}
