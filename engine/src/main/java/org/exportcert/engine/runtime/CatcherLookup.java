package org.exportcert.engine.runtime;

import java.util.List;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.state.ElementInstance;

/**
 * The one search for who catches a thrown event (error, escalation): walking up from the thrower
 * through its flow scopes and, past a called process, into the call activity, the first scope
 * with a matching event subprocess start, else the first element with a matching boundary event.
 * Matching is by code first, else a catch-all. A new kind of thrown event (e.g. compensation)
 * plugs in as another {@link ThrowKind}.
 */
final class CatcherLookup {

  /** What a thrown event is caught by: the start events and boundary events of its kind, and their codes. */
  enum ThrowKind {
    ERROR {
      @Override
      List<ElementModel> boundaries(ElementModel activity) {
        return activity.errorBoundaries();
      }

      @Override
      boolean isStart(ElementModel start) {
        return start.errorStart();
      }

      @Override
      String code(ElementModel catcher) {
        return catcher.errorCode();
      }

      @Override
      boolean isCatchAll(String code) {
        return code == null || code.isBlank();
      }
    },
    ESCALATION {
      @Override
      List<ElementModel> boundaries(ElementModel activity) {
        return activity.escalationBoundaries();
      }

      @Override
      boolean isStart(ElementModel start) {
        return start.escalation();
      }

      @Override
      String code(ElementModel catcher) {
        return catcher.escalationCode();
      }

      @Override
      boolean isCatchAll(String code) {
        return code == null;
      }
    };

    abstract List<ElementModel> boundaries(ElementModel activity);

    abstract boolean isStart(ElementModel start);

    abstract String code(ElementModel catcher);

    abstract boolean isCatchAll(String code);
  }

  /**
   * Where a thrown event is caught: in {@code scope}, either by the start event of one of its
   * event subprocesses or by a boundary event attached to it (exactly one of the two is set).
   */
  record Catcher(ElementInstance scope, ElementModel eventSubprocessStart, ElementModel boundary) {}

  private CatcherLookup() {
  }

  /** The nearest catcher of a thrown code, or null when nothing catches it. */
  static Catcher find(ElementInstance thrower, ThrowKind kind, String code) {
    for (ElementInstance scope = thrower; scope != null; scope = scope.flowScope != null ? scope.flowScope : scope.parentCallActivity) {
      if (scope != thrower && scope.element.kind.isScope()) {
        ElementModel start = matching(kind, eventSubprocessStarts(scope, kind), code);
        if (start != null) {
          return new Catcher(scope, start, null);
        }
      }
      // a multi-instance activity's boundary events belong to its body, not to each inner instance
      ElementModel boundary = ElementProcessors.isInner(scope) ? null : matching(kind, kind.boundaries(scope.element), code);
      if (boundary != null) {
        return new Catcher(scope, null, boundary);
      }
    }
    return null;
  }

  private static List<ElementModel> eventSubprocessStarts(ElementInstance scope, ThrowKind kind) {
    return scope.element.eventSubprocesses().stream()
        .map(sub -> scope.process.model.element(sub.noneStartEventId()))
        .filter(kind::isStart)
        .toList();
  }

  /** By code first, else the first catch-all. */
  private static ElementModel matching(ThrowKind kind, List<ElementModel> catchers, String code) {
    ElementModel catchAll = null;
    for (ElementModel candidate : catchers) {
      String candidateCode = kind.code(candidate);
      if (kind.isCatchAll(candidateCode)) {
        if (catchAll == null) {
          catchAll = candidate;
        }
      } else if (candidateCode.equals(code)) {
        return candidate;
      }
    }
    return catchAll;
  }
}
