package org.exportcert.engine.state;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** A published message kept for its time to live, to correlate to subscriptions opened later. */
public final class BufferedMessage implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public long key;
  public String name;
  public String correlationKey;
  public String messageId;
  public Map<String, Object> variables;
  public long expiresAt;
  /** Process instances it already correlated to (at most once per instance). */
  public final Set<Long> correlatedInstances = new HashSet<>();
  /** Process ids it started an instance of through a message start event (at most once per process). */
  public final Set<String> startedProcesses = new HashSet<>();
}
