package org.exportcert.api.localstack;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the local stack once the environment is known (and logging is set up), before any bean
 * reads the addresses, and stops it after every bean has been destroyed. Registered in
 * {@code META-INF/spring.factories}, so it runs for every start of the application, tests included.
 */
public class LocalStackStarter implements GenericApplicationListener {

  static final String PROPERTY_SOURCE = "exportcertLocalStack";

  private LocalStack stack;

  @Override
  public boolean supportsEventType(ResolvableType eventType) {
    Class<?> type = eventType.getRawClass();
    return type != null
        && (ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
            || ApplicationPreparedEvent.class.isAssignableFrom(type)
            || ApplicationFailedEvent.class.isAssignableFrom(type));
  }

  @Override
  public void onApplicationEvent(ApplicationEvent event) {
    if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
      LocalStackSettings settings = LocalStackSettings.from(prepared.getEnvironment());
      if (settings.anything()) {
        stack = LocalStack.start(settings);
        prepared
            .getEnvironment()
            .getPropertySources()
            .addFirst(new MapPropertySource(PROPERTY_SOURCE, stack.properties()));
      }
    } else if (event instanceof ApplicationPreparedEvent prepared && stack != null) {
      // Registered before any bean exists, so it is destroyed after all of them (data source,
      // Camunda client, workers), never under their feet.
      var beans = prepared.getApplicationContext().getBeanFactory();
      ((DefaultSingletonBeanRegistry) beans).registerDisposableBean("exportcertLocalStack", stack::close);
      stack.mailbox().ifPresent(mailbox -> beans.registerSingleton("exportcertLocalMailbox", mailbox));
      // for backups: the journal is cut through the engine itself (LocalStack stops it)
      stack.engine().ifPresent(engine -> beans.registerSingleton("exportcertLocalEngine", engine));
      // for the liveness check: DOWN when a crashed part cannot be brought back
      beans.registerSingleton("exportcertLocalStackSupervisor", stack.supervisor());
    } else if (event instanceof ApplicationFailedEvent && stack != null) {
      stack.close();
    }
  }

  @Override
  public int getOrder() {
    return LoggingApplicationListener.DEFAULT_ORDER + 1;
  }
}
