package org.exportcert.engine.state;

/** A variable in one scope (process instance or element instance). */
public final class Variable implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public long key;
  public String name;
  public Object value;
  public long scopeKey;
  public long processInstanceKey;
}
