package org.exportcert.certification.audit;

import java.util.ArrayList;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Walks the whole chain in pages and names every entry that was altered, removed or reordered. */
@Service
public class AuditChainVerifier {

  private static final int PAGE = 500;

  private final AuditEntryRepository entries;
  private final AuditHeadRepository heads;

  public AuditChainVerifier(AuditEntryRepository entries, AuditHeadRepository heads) {
    this.entries = entries;
    this.heads = heads;
  }

  public enum ProblemKind { ALTERED, BROKEN_LINK, MISSING, TRUNCATED }

  public record Problem(ProblemKind kind, long seq, String detail) {}

  public record Report(long entriesChecked, List<Problem> problems) {
    public boolean intact() {
      return problems.isEmpty();
    }
  }

  @Transactional(readOnly = true)
  public Report verify() {
    List<Problem> problems = new ArrayList<>();
    long expectedSeq = 1;
    String previousHash = AuditHashing.GENESIS;
    long checked = 0;
    long lastSeen = 0;
    while (true) {
      List<AuditEntry> page = entries.findBySeqGreaterThanOrderBySeqAsc(lastSeen, PageRequest.of(0, PAGE));
      if (page.isEmpty()) {
        break;
      }
      for (AuditEntry e : page) {
        checked++;
        if (e.getSeq() != expectedSeq) {
          problems.add(
              new Problem(
                  ProblemKind.MISSING,
                  expectedSeq,
                  "entries " + expectedSeq + ".." + (e.getSeq() - 1) + " are missing"));
        }
        if (!e.getPreviousHash().equals(previousHash)) {
          problems.add(
              new Problem(ProblemKind.BROKEN_LINK, e.getSeq(), "previous hash does not match"));
        }
        if (!AuditHashing.hashOf(e).equals(e.getEntryHash())) {
          problems.add(new Problem(ProblemKind.ALTERED, e.getSeq(), "content does not match its hash"));
        }
        previousHash = e.getEntryHash();
        expectedSeq = e.getSeq() + 1;
        lastSeen = e.getSeq();
      }
    }
    AuditHead head = heads.head().orElseThrow();
    if (head.getLastSeq() != lastSeen || !head.getLastHash().equals(previousHash)) {
      problems.add(
          new Problem(
              ProblemKind.TRUNCATED,
              head.getLastSeq(),
              "chain ends at " + lastSeen + " but the head names " + head.getLastSeq()));
    }
    return new Report(checked, problems);
  }
}
