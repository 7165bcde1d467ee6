package org.exportcert.certification.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The single row naming the chain's last entry; appends lock it to stay linear. */
@Entity
@Table(name = "audit_head")
public class AuditHead {

  @Id private Short id;

  @Column(name = "last_seq", nullable = false)
  private long lastSeq;

  @Column(name = "last_hash", nullable = false)
  private String lastHash;

  protected AuditHead() {}

  public long getLastSeq() { return lastSeq; }
  public String getLastHash() { return lastHash; }

  void advance(long seq, String hash) {
    this.lastSeq = seq;
    this.lastHash = hash;
  }
}
