package org.exportcert.engine.state;

/** A variable in one scope (process instance or element instance). */
public final class Variable {
  public long key;
  public String name;
  public Object value;
  public long scopeKey;
  public long processInstanceKey;
}
