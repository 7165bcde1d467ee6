package org.exportcert.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local mailbox on disk: what arrived before a restart is shown after it, bounded per recipient, owner-only. */
class LocalMailServerTest {

  @TempDir Path dataDir;

  static void send(LocalMailServer server, String to, String subject, String body) {
    GreenMailUtil.sendTextEmail(to, "no-reply@exportcert.local", subject, body,
        new ServerSetup(server.port(), LocalMailServer.HOST, ServerSetup.PROTOCOL_SMTP));
  }

  @Test
  void aMailReceivedBeforeARestartIsShownAfterIt() {
    Path mail = dataDir.resolve("mail");
    try (LocalMailServer server = LocalMailServer.start(0, mail, 10)) {
      send(server, "Applicant@Vendor.cn", "ExportCert 案件 EC-2026-000042：缺少文件", "请上传缺少的文件。");
      send(server, "evaluator@exportcert.local", "Task waiting", "Open the task.");
      assertThat(server.receivedBy(List.of("applicant@vendor.cn"))).hasSize(1);
    }
    try (LocalMailServer restarted = LocalMailServer.start(0, mail, 10)) {
      List<LocalMailServer.ReceivedMail> mine = restarted.receivedBy(List.of("applicant@vendor.cn"));
      assertThat(mine).singleElement().satisfies(m -> {
        assertThat(m.subject()).isEqualTo("ExportCert 案件 EC-2026-000042：缺少文件");
        assertThat(m.body()).contains("请上传缺少的文件。");
        assertThat(m.from()).isEqualTo("no-reply@exportcert.local");
        assertThat(m.to()).containsExactly("applicant@vendor.cn");
        assertThat(m.received()).isNotNull();
      });
      assertThat(restarted.receivedBy(List.of("evaluator@exportcert.local")))
          .extracting(LocalMailServer.ReceivedMail::subject).containsExactly("Task waiting");
      // and it keeps receiving
      send(restarted, "applicant@vendor.cn", "Second", "b");
      assertThat(restarted.receivedBy(List.of("applicant@vendor.cn"))).extracting(LocalMailServer.ReceivedMail::subject)
          .containsExactly("Second", "ExportCert 案件 EC-2026-000042：缺少文件");
    }
  }

  @Test
  void onlyTheNewestMailsOfEachRecipientAreKeptAndOnlyTheOwnerCanReadThem() throws Exception {
    Path mail = dataDir.resolve("mail");
    try (LocalMailServer server = LocalMailServer.start(0, mail, 2)) {
      for (int i = 1; i <= 4; i++) {
        send(server, "applicant@vendor.cn", "mail " + i, "body " + i);
      }
      send(server, "other@vendor.cn", "other", "x");
      assertThat(server.receivedBy(List.of("applicant@vendor.cn"))).extracting(LocalMailServer.ReceivedMail::subject)
          .containsExactly("mail 4", "mail 3");
    }
    try (Stream<Path> files = Files.list(mail.resolve("applicant@vendor.cn"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".eml")).count()).as("older files deleted").isEqualTo(2);
    }
    try (LocalMailServer restarted = LocalMailServer.start(0, mail, 2)) {
      assertThat(restarted.receivedBy(List.of("applicant@vendor.cn", "other@vendor.cn")))
          .extracting(LocalMailServer.ReceivedMail::subject).containsExactly("other", "mail 4", "mail 3");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mail))).isEqualTo("rwx------");
    try (Stream<Path> files = Files.walk(mail)) {
      files.filter(Files::isRegularFile).forEach(f -> assertThat(
          PosixFilePermissions.toString(uncheckedPermissions(f))).as(f.toString()).isEqualTo("rw-------"));
    }
  }

  @Test
  void aWriteCutShortByACrashIsDroppedAndAnAddressThatIsNoPlainFileNameIsHashed() throws Exception {
    Path mail = dataDir.resolve("mail");
    try (LocalMailServer server = LocalMailServer.start(0, mail, 5)) {
      send(server, "applicant@vendor.cn", "whole", "x");
    }
    Path dir = mail.resolve("applicant@vendor.cn");
    Files.writeString(dir.resolve("0000000000000001-00000000.eml.tmp"), "Subject: half");
    try (LocalMailServer restarted = LocalMailServer.start(0, mail, 5)) {
      assertThat(restarted.receivedBy(List.of("applicant@vendor.cn"))).extracting(LocalMailServer.ReceivedMail::subject)
          .containsExactly("whole");
    }
    assertThat(dir.resolve("0000000000000001-00000000.eml.tmp")).doesNotExist();
    assertThat(MailStore.folderOf("../../etc@x")).startsWith("x-").doesNotContain("/");
    assertThat(MailStore.folderOf("a/b@c.d")).startsWith("x-");
    assertThat(MailStore.folderOf("dana@vendor.example")).isEqualTo("dana@vendor.example");
  }

  private static java.util.Set<java.nio.file.attribute.PosixFilePermission> uncheckedPermissions(Path f) {
    try {
      return Files.getPosixFilePermissions(f);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
