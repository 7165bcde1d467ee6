package org.exportcert.api.containers;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.TestPropertySource;

/**
 * A Spring Boot test on {@link CamundaContainersBackend}: it runs only under {@code -Pcamunda-it}
 * where Docker exists (skipped with the reason otherwise), and the application starts none of its
 * embedded parts, exactly as in a container deployment ({@code EXPORTCERT_LOCAL_STACK_ENABLED=false}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(CamundaContainersCondition.class)
@TestPropertySource(properties = CamundaContainersBackend.LOCAL_STACK_OFF)
public @interface OnCamundaContainers {}
