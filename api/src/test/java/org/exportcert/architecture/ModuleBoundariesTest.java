package org.exportcert.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module map of the README, enforced: who may depend on whom. */
class ModuleBoundariesTest {

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.exportcert");
  }

  @Test
  void theEngineDependsOnNothingElseOfExportCert() {
    noClasses()
        .that().resideInAPackage("org.exportcert.engine..")
        .should().dependOnClassesThat()
        .resideInAnyPackage(
            "org.exportcert.certification..", "org.exportcert.workers..", "org.exportcert.api..",
            "org.exportcert.localstack..")
        .check(classes);
  }

  @Test
  void theDomainKnowsNoWebNoWorkersNoEngine() {
    noClasses()
        .that().resideInAPackage("org.exportcert.certification..")
        .should().dependOnClassesThat()
        .resideInAnyPackage(
            "org.exportcert.workers..", "org.exportcert.api..", "org.exportcert.engine..",
            "org.exportcert.localstack..", "org.springframework.web..", "io.camunda..")
        .check(classes);
  }

  @Test
  void workersDoNotReachIntoTheApplicationOrTheEngine() {
    noClasses()
        .that().resideInAPackage("org.exportcert.workers..")
        .should().dependOnClassesThat()
        .resideInAnyPackage(
            "org.exportcert.api..", "org.exportcert.engine..", "org.exportcert.localstack..",
            "org.springframework.web..")
        .allowEmptyShould(true) // until the first worker lands
        .check(classes);
  }

  @Test
  void onlyTheLocalStackWiringUsesTheEmbeddedServers() {
    noClasses()
        .that().resideOutsideOfPackages(
            "org.exportcert.api.localstack..", "org.exportcert.localstack..",
            "org.exportcert.engine..")
        .should().dependOnClassesThat()
        .resideInAnyPackage("org.exportcert.engine..", "org.exportcert.localstack..")
        .check(classes);
  }

  @Test
  void theLocalStackIsIndependentOfTheApplication() {
    noClasses()
        .that().resideInAPackage("org.exportcert.localstack..")
        .should().dependOnClassesThat()
        .resideInAnyPackage(
            "org.exportcert.api..", "org.exportcert.certification..", "org.exportcert.workers..",
            "org.exportcert.engine..")
        .check(classes);
  }
}
