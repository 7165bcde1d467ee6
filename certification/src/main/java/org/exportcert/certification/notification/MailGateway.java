package org.exportcert.certification.notification;

/** Where mail goes: the log locally, SMTP in production ({@code exportcert.notifications.sender}). */
public interface MailGateway {

  /** @param messageId stable per outbox message, so a mail client can drop a redelivery */
  void send(String messageId, String to, String subject, String body) throws Exception;
}
