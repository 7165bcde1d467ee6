package org.exportcert.engine.runtime;

import java.util.List;
import org.exportcert.engine.state.ElementInstance;

/**
 * A termination waiting for the canceling task listeners of the user tasks in it (see
 * {@link CancelingListeners}): its roots, how many tasks are still to finish their listeners, and
 * what goes on after. Shared by the waits of those tasks, and part of the state like them (a plain
 * data holder with a fixed serialVersionUID: keep its fields, add only).
 */
final class Termination implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  final List<ElementInstance> roots;
  int left;
  final Continuation then;

  Termination(List<ElementInstance> roots, int left, Continuation then) {
    this.roots = roots;
    this.left = left;
    this.then = then;
  }
}
