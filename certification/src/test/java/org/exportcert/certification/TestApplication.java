package org.exportcert.certification;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The domain as the app wires it, without web or workers. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(CertificationModule.class)
public class TestApplication {}
