package org.exportcert.engine.feel;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.camunda.feel.syntaxtree.ParsedExpression;

/**
 * Bounds FEEL evaluations that can run or allocate without limit. FEEL has no loop of its own
 * bound: {@code for i in 1..1000000000 return i} (or a range from a variable, or a recursive
 * function in a context) ran on the engine's single processor thread until the heap was gone, and
 * the OutOfMemoryError also ended the REST server's dispatcher thread: one deployed model made the
 * whole engine unreachable. Zeebe has no bound either (its broker dies the same way).
 *
 * <p>Only expressions that iterate ({@code for}, {@code some}, {@code every}) or define functions
 * (recursion) can run away; everything else is linear in its inputs and is evaluated on the
 * caller's thread as before. A runaway candidate is evaluated on a thread of its own, watched by
 * the caller: past {@link #MAX_MILLIS} or {@link #maxBytes()} allocated it is stopped and the
 * evaluation fails with a message naming the bound, which the engine turns into an incident like any
 * failed expression. Stopping a thread needs Java 17-19 (the project's runtime); on a later JDK the
 * evaluation still fails at the bound but the runaway thread is left to end by itself.
 */
public final class BoundedEvaluation {

  /** Wall-clock time a runaway candidate may take (the processor thread waits for it). */
  static final long MAX_MILLIS = 5_000;

  /** Bytes a runaway candidate may allocate: 256 MiB, or a quarter of the heap when that is smaller. */
  static long maxBytes() {
    return Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4);
  }

  private static final Set<String> RUNAWAY_NODES = Set.of("For", "SomeItem", "EveryItem", "FunctionDefinition");
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private BoundedEvaluation() {}

  /** Whether the expression iterates or defines a function anywhere in its syntax tree. */
  static boolean canRunAway(ParsedExpression parsed) {
    return contains(parsed.expression(), 0);
  }

  private static boolean contains(Object node, int depth) {
    if (depth > 10_000) {
      return true; // a syntax tree this deep is no expression anyone writes by hand: watch it
    }
    if (node instanceof org.camunda.feel.syntaxtree.Exp && RUNAWAY_NODES.contains(node.getClass().getSimpleName())) {
      return true;
    }
    if (node instanceof scala.collection.Iterable<?> items) {
      scala.collection.Iterator<?> it = items.iterator();
      while (it.hasNext()) {
        if (contains(it.next(), depth + 1)) {
          return true;
        }
      }
      return false;
    }
    if (node instanceof scala.Product product) {
      for (int i = 0; i < product.productArity(); i++) {
        if (contains(product.productElement(i), depth + 1)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Runs {@code work} on a watched thread of its own; past a bound, throws {@link FeelException}
   * ("failed to evaluate " + {@code what} + why).
   */
  public static <T> T run(String what, Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        result.complete(work.get());
      } catch (Throwable t) { // ThreadDeath from a stop included: the caller has already answered
        result.completeExceptionally(t);
      }
    }, "exportcert-feel-bounded");
    thread.setDaemon(true);
    long start = System.nanoTime();
    thread.start();
    long maxBytes = maxBytes();
    while (true) {
      try {
        return result.get(2, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        long allocated = THREADS.getThreadAllocatedBytes(thread.getId());
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (allocated > maxBytes || millis > MAX_MILLIS) {
          stop(thread);
          throw new FeelException("failed to evaluate " + what + ": stopped after "
              + millis + " ms and " + (allocated >> 20) + " MiB allocated; the engine bounds an expression to "
              + MAX_MILLIS + " ms and " + (maxBytes >> 20) + " MiB");
        }
      } catch (InterruptedException e) {
        stop(thread);
        Thread.currentThread().interrupt();
        throw new FeelException("failed to evaluate " + what + ": interrupted");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (cause instanceof StackOverflowError) {
          throw new FeelException("failed to evaluate " + what + ": it recursed too deeply");
        }
        if (cause instanceof Error error) {
          throw error;
        }
        throw new FeelException("failed to evaluate " + what + ": " + cause);
      }
    }
  }

  @SuppressWarnings({"removal", "deprecation"})
  private static void stop(Thread thread) {
    try {
      thread.stop(); // the thread holds nothing but its own evaluation's values
    } catch (UnsupportedOperationException laterJdk) {
      // Java 20+: it runs to its own end; the caller has its answer already
    }
  }
}
