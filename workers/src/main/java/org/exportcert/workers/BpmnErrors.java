package org.exportcert.workers;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The BPMN error codes a worker method throws (business outcomes the models catch). Read by the
 * worker catalog, so the catalog says what the code does.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BpmnErrors {
  String[] value();

  /** Variables sent with the error, for the boundary event to map. */
  String[] variables() default {};
}
