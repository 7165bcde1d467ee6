package org.exportcert.certification.casefile;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The AI service under certification; its versions are what a certificate's scope names. */
@Entity
@Table(name = "product")
public class Product {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "applicant_id")
  private Applicant applicant;

  @Column(nullable = false)
  private String name;

  @Column(name = "deployment_boundary")
  private String deploymentBoundary;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @OneToMany(mappedBy = "product", cascade = CascadeType.ALL)
  @OrderBy("id")
  private List<ProductVersion> versions = new ArrayList<>();

  protected Product() {}

  public Product(Applicant applicant, String name, String deploymentBoundary, Instant createdAt) {
    this.applicant = applicant;
    this.name = name;
    this.deploymentBoundary = deploymentBoundary;
    this.createdAt = createdAt;
  }

  public Long getId() { return id; }
  public Applicant getApplicant() { return applicant; }
  public String getName() { return name; }
  public String getDeploymentBoundary() { return deploymentBoundary; }
  public List<ProductVersion> getVersions() { return versions; }

  public Optional<ProductVersion> version(String label) {
    return versions.stream().filter(v -> v.getVersionLabel().equals(label)).findFirst();
  }

  public ProductVersion addVersion(String label, String modelIdentifiers, Instant at) {
    return version(label)
        .orElseGet(
            () -> {
              ProductVersion v = new ProductVersion(this, label, modelIdentifiers, at);
              versions.add(v);
              return v;
            });
  }
}
