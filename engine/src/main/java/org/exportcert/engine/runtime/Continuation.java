package org.exportcert.engine.runtime;

/**
 * What goes on once listener jobs are done (an element entered or left, a task's change applied or
 * undone). Serializable, so a snapshot can hold an element or task waiting for its listeners: the
 * lambdas written as continuations capture state objects and runtime parts, which the snapshot
 * codec writes as references and binds to the restoring engine's parts (see StateCodec).
 */
@FunctionalInterface
public interface Continuation extends Runnable, java.io.Serializable {}
