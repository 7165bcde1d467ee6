package org.exportcert.engine.state;

import org.exportcert.engine.model.ProcessModel;

/** One version of a deployed process definition. */
public final class DeployedProcess implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public long key;
  public String processId;
  public String name;
  public int version;
  public String resourceName;
  public String xml;
  public String checksum;
  public String tenantId;
  public long deploymentKey;
  public ProcessModel model;
}
