package org.exportcert.api.localstack.backup;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.exportcert.certification.audit.Reason;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.security.CurrentUsers;
import org.exportcert.certification.audit.AuditTrail;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's backup: {@code curl -u operator -X POST …/api/operations/backup -o backup.zip}.
 * Written straight into the answer while the application runs (nothing spooled on the server);
 * restored with {@code java -jar exportcert.jar restore backup.zip} into an empty data directory.
 */
@RestController
@RequestMapping("/api/operations")
@PreAuthorize("hasRole('OPERATOR')")
@Tag(name = "Operations", description = "Watch the pipeline, resolve incidents, cancel cases")
class BackupController {

  private static final DateTimeFormatter NAME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final BackupService backups;
  private final AuditTrail audit;
  private final CurrentUsers users;

  BackupController(BackupService backups, AuditTrail audit, CurrentUsers users) {
    this.backups = backups;
    this.audit = audit;
    this.users = users;
  }

  @PostMapping("/backup")
  @Operation(summary = "Stream a consistent backup (engine journal, database, evidence objects) as a zip;"
      + " restore it with `java -jar exportcert.jar restore <file>` into an empty data directory")
  void backup(HttpServletResponse response) throws Exception {
    try {
      backups.checkAvailable();
      backups.reserve();
    } catch (BackupService.BackupUnavailable e) {
      throw ApiProblem.conflict(e.getMessage()).detailKey("backup.unavailable");
    } catch (BackupService.BackupRunning e) {
      throw ApiProblem.conflict(e.getMessage()).detailKey("backup.running");
    }
    try {
      String actor = users.current().username();
      String name = "exportcert-backup-" + NAME.format(java.time.Instant.now()) + ".zip";
      audit.record(actor, "backup.started", "backup", name, null);
      response.setContentType("application/zip");
      response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
      response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      BackupManifest manifest = backups.write(response.getOutputStream());
      response.flushBuffer();
      audit.record(actor, "backup.written", "backup", name,
          Reason.of("audit.reason.backup-written", manifest.parts().size(), manifest.journalRecords(),
              manifest.objects().size()));
    } finally {
      backups.release();
    }
  }
}
