package org.exportcert.api.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.exportcert.api.process.BundledModels;
import org.exportcert.api.process.CaseProcesses;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The scheme's own models, uploaded as one bundle, pass the deployment lint. */
class ShippedModelsLintTest {

  @Test
  void theShippedBundleIsClean() throws Exception {
    List<ModelLinter.Upload> uploads = new ArrayList<>();
    var resolver = new PathMatchingResourcePatternResolver();
    for (String pattern : List.of("classpath*:models/*.bpmn", "classpath*:models/*.dmn", "classpath*:forms/*.form")) {
      for (Resource r : resolver.getResources(pattern)) {
        try (InputStream in = r.getInputStream()) {
          uploads.add(new ModelLinter.Upload(r.getFilename(), in.readAllBytes()));
        }
      }
    }
    assertThat(uploads).hasSizeGreaterThan(20);
    var report = new ModelLinter(new BundledModels(), mock(CaseProcesses.class), new ObjectMapper()).lint(uploads);
    assertThat(report.findings()).isEmpty();
    assertThat(report.clean()).isTrue();
  }

  @Test
  void jobTypesAreCheckedAgainstTheWorkersCatalog() {
    var linter = new ModelLinter(new BundledModels(), mock(CaseProcesses.class), new ObjectMapper());
    assertThat(linter.jobTypes()).get().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.COLLECTION)
        .contains("exportcert.case.record-status", "exportcert.registry.publish-entry");
  }
}
