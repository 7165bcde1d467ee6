package org.exportcert.certification.casefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.exportcert.certification.DomainTest;
import org.exportcert.certification.TestCases;
import org.exportcert.certification.eligibility.ApplicationForm;
import org.exportcert.certification.eligibility.ApplicationService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two first applications of one organisation at once: the second reaches the applicant, product
 * and version rows while the first has inserted them but not committed. Both must open a case.
 */
class ConcurrentFirstApplicationsTest extends DomainTest {

  @Autowired ApplicationService applications;
  @Autowired PlatformTransactionManager transactions;
  @Autowired JdbcTemplate jdbc;

  @Test
  void bothApplicationsOpenACaseOnOneApplicantProductAndVersion() throws Exception {
    ApplicationForm form = TestCases.form();
    CountDownLatch firstInserted = new CountDownLatch(1);
    CountDownLatch commitFirst = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> first = pool.submit(() -> new TransactionTemplate(transactions).execute(s -> {
        String id = applications.submit(form, "first").getId();
        firstInserted.countDown();
        await(commitFirst);
        return id;
      }));
      assertThat(firstInserted.await(60, TimeUnit.SECONDS)).isTrue();
      Future<String> second = pool.submit(() -> applications.submit(form, "second").getId());
      // hold the first open until the second waits on its uncommitted rows (the race's window)
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!second.isDone() && System.nanoTime() < until && lockWaits() == 0) {
        Thread.onSpinWait();
      }
      assertThat(second.isDone()).as("the second application waits for the first").isFalse();
      commitFirst.countDown();

      String a = first.get(60, TimeUnit.SECONDS);
      String b = second.get(60, TimeUnit.SECONDS);
      assertThat(a).isNotEqualTo(b);
    } finally {
      commitFirst.countDown();
      pool.shutdownNow();
    }
    String reg = form.registrationNumber();
    assertThat(jdbc.queryForObject(
        "select count(*) from applicant where registration_number = ?", Long.class, reg)).isEqualTo(1);
    assertThat(jdbc.queryForObject(
        "select count(*) from product p join applicant a on a.id = p.applicant_id"
            + " where a.registration_number = ?", Long.class, reg)).isEqualTo(1);
    assertThat(jdbc.queryForObject(
        "select count(*) from product_version v join product p on p.id = v.product_id"
            + " join applicant a on a.id = p.applicant_id where a.registration_number = ?",
        Long.class, reg)).isEqualTo(1);
    assertThat(jdbc.queryForObject(
        "select count(*) from certification_case c join applicant a on a.id = c.applicant_id"
            + " where a.registration_number = ?", Long.class, reg)).isEqualTo(2);
  }

  private int lockWaits() {
    return jdbc.queryForObject(
        "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
            + " and datname = current_database()", Integer.class);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
