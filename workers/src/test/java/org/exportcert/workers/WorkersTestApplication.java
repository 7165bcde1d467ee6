package org.exportcert.workers;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Workers over the real domain, without the Camunda client: tests call the worker methods as the
 * starter would, with an activated job of their making.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = "io.camunda.client.spring.configuration.CamundaAutoConfiguration")
@Import(WorkersModule.class)
public class WorkersTestApplication {}
