package org.exportcert.engine.model;

/**
 * A {@code zeebe:linkedResource} of a job-based element: which resource to hand to the worker, how to
 * bind its version (latest, deployment or versionTag) and under which link name.
 */
public record LinkedResourceSpec(String resourceId, String resourceType, String bindingType, String versionTag, String linkName) {}
