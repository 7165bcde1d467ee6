package org.exportcert.api.localstack.backup;

import org.exportcert.engine.ExportCertEngine;

/** The embedded engine as it runs now (the supervisor may have restarted it since the start). */
@FunctionalInterface
public interface EngineSource {
  ExportCertEngine current();
}
