package org.exportcert.engine.model;

/** Multi-instance characteristics (FEEL input/output collection, element, completion condition). */
public record LoopSpec(
    boolean sequential,
    String inputCollection,
    String inputElement,
    String outputCollection,
    String outputElement,
    String completionCondition) {}
