package org.exportcert.engine.snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.invoke.SerializedLambda;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.exportcert.engine.dmn.DmnEngineAdapter;
import org.exportcert.engine.feel.Feel;
import org.exportcert.engine.model.BpmnParser;
import org.exportcert.engine.model.ElementModel;
import org.exportcert.engine.model.ProcessModel;
import org.exportcert.engine.state.DecisionState;
import org.exportcert.engine.state.DeployedProcess;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Timer;

/**
 * Turns the engine state into snapshot bytes and back. The state objects are plain serializable
 * classes with fixed serialVersionUIDs written with the JDK's object serialization (it keeps the
 * shared references between them; a field added later reads as its default). Parsed models are not
 * state: a process model or DMN graph is written as its resource text and parsed again on load, and
 * every element model as (its process, its id). What an element or user task waiting for listener
 * jobs does next is a typed record of data (runtime {@code Continuation}), written by record name and
 * components, so no snapshot depends on the code of the engine that wrote it. Reading accepts only
 * the engine's own state classes and JDK value types (an {@link ObjectInputFilter}).
 *
 * <p>Format 1 (engines up to commit 0be86b0) held those waits as serialized lambdas; reading one
 * hands each lambda to a {@link LegacyLambdas}, which gives the record it stands for.
 */
public final class StateCodec {

  /** Bump when a state class changes in a way old snapshots cannot be read into (and read the old one). */
  public static final int FORMAT = 2;
  /** The oldest format this engine reads. */
  public static final int OLDEST_FORMAT = 1;

  // the model classes appear only as back-references to models parsed here (they are not serializable)
  private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
      "maxdepth=10000;org.exportcert.engine.state.**;org.exportcert.engine.snapshot.*;"
          // listener waits: their records; in format 1 also what the lambdas captured (JSON of start instructions)
          + "org.exportcert.engine.runtime.*;com.fasterxml.jackson.databind.node.NodeSerialization;"
          + "org.exportcert.engine.model.ProcessModel;org.exportcert.engine.model.ElementModel;"
          + "org.exportcert.engine.dmn.DmnEngineAdapter$*;java.lang.*;java.util.*;java.math.*;!*");

  /** A process model, written as the resource it was parsed from. */
  private record ProcessRef(String resourceName, String xml, String processId) implements Serializable {}

  /** An element model: its process model (a ProcessRef when written, the parsed model when read) and id. */
  private record ElementRef(Object process, String elementId) implements Serializable {}

  /** A parsed DMN graph, written as its resource. */
  private record DrgRef(String resourceName, String xml) implements Serializable {}

  /** Format 1 only: a runtime object a lambda captured (read as itself: the records need none). */
  private record PartRef(String name) implements Serializable {}

  /** Format 1 only: a listener continuation written as a lambda's parts (read by {@link LegacyLambdas}). */
  private record LambdaRef(String capturingClass, String fingerprint, String functionalInterfaceClass,
      String functionalInterfaceMethodName, String functionalInterfaceMethodSignature, String implClass,
      String implMethodName, String implMethodSignature, int implMethodKind, String instantiatedMethodType,
      Object[] capturedArgs) implements Serializable {}

  /** A lambda of a format-1 snapshot, as the record of today's runtime it stands for. */
  public interface LegacyLambdas {
    /**
     * @param implClass the class holding the lambda's code ("org/exportcert/engine/runtime/...")
     * @param implMethodName its synthetic method ({@code lambda$enclosing$hash$n})
     * @param capturedArgs what it captured, the instance first for an instance method; runtime
     *     objects among them are placeholders
     * @param lenient when no older snapshot is usable: give a best-effort record instead of failing
     * @throws CodeChanged when the lambda is unknown (and not lenient)
     */
    Object translate(String implClass, String implMethodName, String implMethodSignature, int implMethodKind,
        Object[] capturedArgs, boolean lenient) throws CodeChanged;
  }

  private StateCodec() {}

  public static byte[] encode(EngineState state) {
    Map<Object, Object> replacements = references(state);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    try (ObjectOutputStream out = new Writer(new java.io.BufferedOutputStream(
        new DeflaterOutputStream(bytes, new Deflater(Deflater.BEST_SPEED), 1 << 16), 1 << 16),
        replacements)) {
      out.writeObject(state);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the engine state", e);
    }
    return bytes.toByteArray();
  }

  /** Reads a snapshot of {@code format}; format-1 lambdas go through {@code legacy} (strictly). */
  public static EngineState decode(byte[] payload, int format, LegacyLambdas legacy) {
    return decode(payload, format, legacy, false);
  }

  /** As {@link #decode(byte[], int, LegacyLambdas)}; {@code lenient}: unknown format-1 lambdas get a best-effort record. */
  public static EngineState decode(byte[] payload, int format, LegacyLambdas legacy, boolean lenient) {
    if (format < OLDEST_FORMAT || format > FORMAT) {
      throw new IllegalStateException("snapshot format " + format + ", this engine reads " + OLDEST_FORMAT + " to " + FORMAT);
    }
    try (ObjectInputStream in = new Reader(new java.io.BufferedInputStream(
        new InflaterInputStream(new ByteArrayInputStream(payload), new java.util.zip.Inflater(), 1 << 16), 1 << 16),
        format == 1 ? legacy : null, lenient)) {
      in.setObjectInputFilter(info -> {
        ObjectInputFilter.Status status = FILTER.checkInput(info);
        if (status == ObjectInputFilter.Status.REJECTED) {
          throw new IllegalStateException("the snapshot holds a class the engine does not restore: " + info.serialClass()
              + " (depth " + info.depth() + ")");
        }
        return status;
      });
      return (EngineState) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot decode the snapshot: " + e + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""), e);
    }
  }

  /** What replaces each parsed model reachable from the state (deleted versions included). */
  private static Map<Object, Object> references(EngineState state) {
    Map<Object, Object> replacements = new IdentityHashMap<>();
    java.util.function.Consumer<DeployedProcess> add = process -> {
      if (process == null || process.model == null || replacements.containsKey(process.model)) {
        return;
      }
      ProcessRef ref = new ProcessRef(process.resourceName, process.xml, process.processId);
      replacements.put(process.model, ref);
      for (ElementModel element : process.model.elements()) {
        replacements.put(element, new ElementRef(ref, element.id));
      }
    };
    state.processesByKey.values().forEach(add);
    state.processesById.values().forEach(versions -> versions.forEach(add));
    for (ElementInstance instance : state.elementInstances.values()) {
      add.accept(instance.process);
    }
    for (ElementInstance instance : state.processInstances.values()) {
      add.accept(instance.process);
    }
    for (Timer timer : state.timers.values()) {
      add.accept(timer.startProcess);
    }
    java.util.function.Consumer<DecisionState.Drg> addDrg = drg -> {
      if (drg != null && drg.parsed != null && !replacements.containsKey(drg.parsed)) {
        replacements.put(drg.parsed, new DrgRef(drg.resourceName, drg.xml));
      }
    };
    state.decisions.drgsByKey.values().forEach(addDrg);
    for (DecisionState.Instance instance : state.decisions.instances.values()) {
      if (instance.decision != null) {
        addDrg.accept(instance.decision.drg);
      }
    }
    return replacements;
  }

  private static final class Writer extends ObjectOutputStream {
    private final Map<Object, Object> replacements;

    Writer(OutputStream out, Map<Object, Object> replacements) throws IOException {
      super(out);
      this.replacements = replacements;
      enableReplaceObject(true);
    }

    @Override
    protected Object replaceObject(Object obj) throws IOException {
      Object replacement = replacements.get(obj);
      if (replacement != null) {
        return replacement;
      }
      if (obj instanceof ProcessModel || obj instanceof ElementModel) {
        throw new IOException("a model not reachable from any deployed process is referenced: " + obj);
      }
      if (obj instanceof SerializedLambda) {
        throw new IOException("the state holds a lambda; what goes on after listener jobs must be a Continuation record");
      }
      if (obj != null && !(obj instanceof Serializable) && obj.getClass().getPackageName().startsWith("org.exportcert.engine")) {
        throw new IOException("the state refers to " + obj.getClass().getName() + ", which is no state");
      }
      return obj;
    }
  }

  /** A format-1 snapshot holds a listener continuation (a lambda) this engine does not know. */
  public static final class CodeChanged extends IOException {
    private static final long serialVersionUID = 1L;

    public CodeChanged(String message) {
      super(message);
    }
  }

  /** Whether {@code e} (a decode failure) is a {@link CodeChanged}. */
  public static boolean codeChanged(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CodeChanged) {
        return true;
      }
    }
    return false;
  }

  private static final class Reader extends ObjectInputStream {
    private final Map<String, List<ProcessModel>> parsedResources = new HashMap<>();
    private final BpmnParser parser = new BpmnParser(new Feel(() -> 0L));
    private final LegacyLambdas legacy;
    private final boolean lenient;
    private DmnEngineAdapter dmn;

    Reader(InputStream in, LegacyLambdas legacy, boolean lenient) throws IOException {
      super(in);
      this.legacy = legacy;
      this.lenient = lenient;
      enableResolveObject(true);
    }

    @Override
    protected Object resolveObject(Object obj) throws IOException {
      if (obj instanceof LambdaRef ref) {
        if (legacy == null) {
          throw new IOException("a lambda in a snapshot of format " + FORMAT);
        }
        return legacy.translate(ref.implClass(), ref.implMethodName(), ref.implMethodSignature(), ref.implMethodKind(),
            ref.capturedArgs(), lenient);
      }
      if (obj instanceof ProcessRef ref) {
        List<ProcessModel> models = parsedResources.computeIfAbsent(ref.resourceName() + "\0" + ref.xml(),
            k -> parser.parse(ref.resourceName(), ref.xml().getBytes(StandardCharsets.UTF_8)));
        for (ProcessModel model : models) {
          if (model.processId().equals(ref.processId())) {
            return model;
          }
        }
        throw new IOException("process '" + ref.processId() + "' is no longer in its resource " + ref.resourceName());
      }
      if (obj instanceof ElementRef ref) {
        return ((ProcessModel) ref.process()).element(ref.elementId());
      }
      if (obj instanceof DrgRef ref) {
        if (dmn == null) {
          LongSupplier noClock = () -> 0L; // parsing reads no clock; evaluation uses the runtime's engine
          dmn = new DmnEngineAdapter(noClock);
        }
        return dmn.parse(ref.resourceName(), ref.xml().getBytes(StandardCharsets.UTF_8));
      }
      return obj;
    }
  }
}
