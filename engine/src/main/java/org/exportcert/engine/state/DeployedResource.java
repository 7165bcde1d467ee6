package org.exportcert.engine.state;

/**
 * One version of a deployed resource that is neither a process, a decision nor a form: in Camunda
 * 8.8 an RPA script ({@code .rpa}), which tasks link with {@code zeebe:linkedResource}.
 */
public final class DeployedResource implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public long key;
  public String resourceId;
  public int version;
  public String versionTag;
  public String resourceName;
  public String content;
  public String checksum;
  public String tenantId;
  public long deploymentKey;
}
