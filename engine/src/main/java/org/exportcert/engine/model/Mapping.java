package org.exportcert.engine.model;

/** A {@code zeebe:input} or {@code zeebe:output}: FEEL source, variable (or path) target. */
public record Mapping(String source, String target) {}
