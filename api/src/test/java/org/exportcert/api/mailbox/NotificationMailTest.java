package org.exportcert.api.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.exportcert.certification.evidence.EvidenceKindCatalog;
import org.exportcert.certification.notification.MailGateway;
import org.exportcert.certification.notification.MailGateways;
import org.exportcert.certification.notification.NotificationProperties;
import org.exportcert.certification.notification.NotificationTexts;
import org.exportcert.localstack.LocalMailServer;
import org.exportcert.localstack.LocalMailServer.ReceivedMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * Notifications as the recipient gets them: written from the shipped message keys in their
 * language, sent over SMTP (spring.mail.*) and received by a real SMTP server (GreenMail), each
 * saying what to do next and linking to the console page where it is done.
 */
class NotificationMailTest {

  static LocalMailServer smtp;
  @org.junit.jupiter.api.io.TempDir static java.nio.file.Path mailDir;

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(NotificationProperties.class)
  static class Notifications {}

  ApplicationContextRunner context = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class, MessageSourceAutoConfiguration.class))
      .withUserConfiguration(Notifications.class, MailGateways.class, NotificationTexts.class, EvidenceKindCatalog.class)
      .withBean(Clock.class, () -> Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC))
      .withPropertyValues(
          "spring.mail.host=" + LocalMailServer.HOST,
          "spring.mail.port=" + smtp.port(),
          "spring.messages.basename=i18n/messages",
          "spring.messages.fallback-to-system-locale=false",
          "exportcert.notifications.base-url=https://exportcert.example.cn/");

  @BeforeAll
  static void startSmtp() {
    smtp = LocalMailServer.start(0, mailDir, 100);
  }

  @AfterAll
  static void stopSmtp() {
    smtp.close();
  }

  @Test
  void aChineseApplicantGetsTheRequestInChineseWithTheDeadlineAndTheLinkToTheCase() {
    context.run(ctx -> {
      var mail = ctx.getBean(NotificationTexts.class)
          .toApplicant("DOCUMENTS_REQUESTED", "EC-2026-000042", "P30D", "zh");
      ctx.getBean(MailGateway.class).send("nt-1", "zh@vendor.cn", mail.subject(), mail.body());

      ReceivedMail got = only("zh@vendor.cn");
      assertThat(got.subject()).isEqualTo("ExportCert 案件 EC-2026-000042：缺少文件");
      assertThat(got.body())
          .contains("尊敬的申请人")
          .contains("按要求的文件类型逐一上传缺少的文件")
          .contains("2026-03-31") // 30 days from 1 March, in China
          .contains("https://exportcert.example.cn/console/my-cases.html?case=EC-2026-000042")
          .doesNotContain("Dear applicant");
      assertThat(got.from()).isEqualTo("no-reply@exportcert.local");
    });
  }

  @Test
  void theRequestForDocumentsNamesTheMissingKindsInTheRecipientsWords() {
    context.run(ctx -> {
      var texts = ctx.getBean(NotificationTexts.class);
      var zh = texts.toApplicant("DOCUMENTS_REQUESTED", "EC-2026-000045", "P30D", "zh",
          java.util.List.of("ARCHITECTURE", "DATA_FLOWS"));
      assertThat(zh.body()).contains("缺少的文件：系统架构说明、数据流说明").doesNotContain("ARCHITECTURE");
      var en = texts.toApplicant("DOCUMENTS_REQUESTED", "EC-2026-000045", "P30D", "en",
          java.util.List.of("ARCHITECTURE", "DATA_FLOWS"));
      assertThat(en.body()).contains("Documents missing: System architecture, Data flows");
      // nothing missing (or another notice): no empty list in the mail
      assertThat(texts.toApplicant("DOCUMENTS_REQUESTED", "EC-2026-000045", "P30D", "en").body())
          .doesNotContain("Documents missing");
    });
  }

  @Test
  void anEnglishApplicantGetsEnglish() {
    context.run(ctx -> {
      var mail = ctx.getBean(NotificationTexts.class)
          .toApplicant("AGREEMENT_SENT", "EC-2026-000043", null, "en");
      ctx.getBean(MailGateway.class).send("nt-2", "en@vendor.com", mail.subject(), mail.body());

      ReceivedMail got = only("en@vendor.com");
      assertThat(got.subject()).isEqualTo("ExportCert case EC-2026-000043: certification agreement ready to sign");
      assertThat(got.body())
          .contains("Read the certification agreement in your case and sign it")
          .contains("https://exportcert.example.cn/console/my-cases.html?case=EC-2026-000043")
          .doesNotContain("respond by")
          .doesNotContain("尊敬");
    });
  }

  @Test
  void anApplicantOfUnknownLanguageGetsChineseThenEnglish() {
    context.run(ctx -> {
      var mail = ctx.getBean(NotificationTexts.class)
          .toApplicant("APPLICATION_REFUSED", "EC-2026-000044", null, null);
      ctx.getBean(MailGateway.class).send("nt-3", "both@vendor.com", mail.subject(), mail.body());

      ReceivedMail got = only("both@vendor.com");
      assertThat(got.subject()).isEqualTo(
          "ExportCert 案件 EC-2026-000044：申请未被受理 / ExportCert case EC-2026-000044: application not accepted");
      assertThat(got.body().indexOf("尊敬的申请人")).isLessThan(got.body().indexOf("Dear applicant"));
    });
  }

  @Test
  void anAcceptedChangeTellsTheHolderInTheirLanguageThatTheCertificateWasReissued() {
    context.run(ctx -> {
      var texts = ctx.getBean(NotificationTexts.class);
      var zh = texts.toApplicant("CHANGE_ACCEPTED", "EC-2026-000046", null, "zh");
      assertThat(zh.subject()).isEqualTo("ExportCert 案件 EC-2026-000046：变更已认可，证书已换发");
      assertThat(zh.body()).contains("请在案件中下载换发的证书").contains("有效期和监督日期不变")
          .doesNotContain("Download").doesNotContain("change accepted");
      var en = texts.toApplicant("CHANGE_ACCEPTED", "EC-2026-000046", null, "en");
      assertThat(en.subject()).isEqualTo("ExportCert case EC-2026-000046: change accepted, certificate re-issued");
      assertThat(en.body()).contains("Download the re-issued certificate from your case")
          .contains("https://exportcert.example.cn/console/my-cases.html?case=EC-2026-000046");
    });
  }

  /** A notice a shipped model sends without its words would reach the holder as a bare code ("change accepted"). */
  @Test
  void everyNoticeTheShippedModelsSendIsWordedInBothLanguages() throws Exception {
    var codes = new java.util.TreeSet<String>();
    var pattern = java.util.regex.Pattern.compile("source=\"([A-Z_]+)\" target=\"notificationCode\"");
    for (var model : new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
        .getResources("classpath*:models/*.bpmn")) {
      var m = pattern.matcher(model.getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
      while (m.find()) {
        codes.add(m.group(1));
      }
    }
    assertThat(codes).contains("CHANGE_ACCEPTED", "CERTIFICATE_RENEWED");
    for (String language : List.of("", "_zh")) {
      var words = new java.util.Properties();
      try (var in = new java.io.InputStreamReader(
          getClass().getResourceAsStream("/i18n/messages" + language + ".properties"), java.nio.charset.StandardCharsets.UTF_8)) {
        words.load(in);
      }
      for (String code : codes) {
        assertThat(words).as(language + " " + code).containsKeys("notification.code." + code, "notification.next." + code);
      }
    }
  }

  @Test
  void aLabGetsItsTestPlanAndTheTaskPageAtItsStaffAddress() {
    context.run(ctx -> {
      NotificationTexts texts = ctx.getBean(NotificationTexts.class);
      var mail = texts.toLab("TQ-7", "EC-2026-000045", "INITIAL", "BASE", null,
          List.of("robustness", "privacy"), "exportcert.test-report/1", null);
      String to = texts.staffAddress("lab-alpha");
      ctx.getBean(MailGateway.class).send("tq-7", to, mail.subject(), mail.body());

      ReceivedMail got = only("lab-alpha@exportcert.local");
      assertThat(got.subject()).contains("TQ-7").contains("EC-2026-000045").contains("测试委托");
      assertThat(got.body())
          .contains("robustness, privacy")
          .contains("https://exportcert.example.cn/console/tasks.html?scope=groups");
    });
  }

  static ReceivedMail only(String address) {
    List<ReceivedMail> mails = smtp.receivedBy(List.of(address));
    assertThat(mails).hasSize(1);
    return mails.get(0);
  }
}
