package org.exportcert.certification.casefile;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "product_version")
public class ProductVersion {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "product_id")
  private Product product;

  @Column(name = "version_label", nullable = false)
  private String versionLabel;

  @Column(name = "model_identifiers")
  private String modelIdentifiers;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected ProductVersion() {}

  ProductVersion(Product product, String versionLabel, String modelIdentifiers, Instant createdAt) {
    this.product = product;
    this.versionLabel = versionLabel;
    this.modelIdentifiers = modelIdentifiers;
    this.createdAt = createdAt;
  }

  public Long getId() { return id; }
  public Product getProduct() { return product; }
  public String getVersionLabel() { return versionLabel; }
  public String getModelIdentifiers() { return modelIdentifiers; }
}
