package org.exportcert.engine.model;

/** A sequence flow; {@code condition} is a FEEL expression or null. */
public record SequenceFlowModel(String id, String sourceId, String targetId, String condition) {}
