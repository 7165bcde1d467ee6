package org.exportcert.engine.state;

/** One version of a deployed Camunda Form. */
public final class DeployedForm implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public long key;
  public String formId;
  public int version;
  public String resourceName;
  public String schema;
  public String checksum;
  public String tenantId;
}
