package org.exportcert.engine.model;

/** An execution listener of an element or the process: a job of {@code type} (static or FEEL) with {@code retries}. */
public record ListenerSpec(String type, String retries) {}
