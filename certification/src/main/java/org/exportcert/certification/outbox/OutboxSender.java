package org.exportcert.certification.outbox;

/** Delivers one channel's messages. Throwing means "not delivered, try again later". */
public interface OutboxSender {

  OutboxMessage.Channel channel();

  void send(OutboxMessage message) throws Exception;
}
