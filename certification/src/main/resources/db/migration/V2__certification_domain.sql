-- The certification domain: what a case carries (docs: certification-scheme.md).

-- Human-readable case ids EC-<year>-<6 digits>; the sequence never repeats a number.
CREATE SEQUENCE case_number_seq START 1;
CREATE SEQUENCE certificate_number_seq START 1;

CREATE TABLE applicant (
    id                  BIGSERIAL PRIMARY KEY,
    legal_name          VARCHAR(300) NOT NULL,
    registration_number VARCHAR(100) NOT NULL UNIQUE,
    address             VARCHAR(1000),
    contact_name        VARCHAR(200),
    contact_email       VARCHAR(320),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE product (
    id                  BIGSERIAL PRIMARY KEY,
    applicant_id        BIGINT       NOT NULL REFERENCES applicant (id),
    name                VARCHAR(300) NOT NULL,
    deployment_boundary VARCHAR(2000),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (applicant_id, name)
);

CREATE TABLE product_version (
    id                BIGSERIAL PRIMARY KEY,
    product_id        BIGINT       NOT NULL REFERENCES product (id),
    version_label     VARCHAR(100) NOT NULL,
    model_identifiers VARCHAR(2000),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (product_id, version_label)
);

CREATE TABLE certification_case (
    id               VARCHAR(20)  PRIMARY KEY,
    scheme_version   VARCHAR(50)  NOT NULL,
    scheme_type      VARCHAR(20)  NOT NULL,
    category         VARCHAR(100) NOT NULL,
    applicant_id     BIGINT       NOT NULL REFERENCES applicant (id),
    product_id       BIGINT       NOT NULL REFERENCES product (id),
    intended_purpose VARCHAR(4000),
    target_markets   VARCHAR(500) NOT NULL,
    reference_frameworks VARCHAR(500) NOT NULL DEFAULT '',
    not_lodged_elsewhere BOOLEAN      NOT NULL,
    phase            VARCHAR(40)  NOT NULL,
    status           VARCHAR(40)  NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    version          BIGINT       NOT NULL DEFAULT 0
);

-- Which product versions a case covers.
CREATE TABLE case_product_version (
    case_id            VARCHAR(20) NOT NULL REFERENCES certification_case (id),
    product_version_id BIGINT      NOT NULL REFERENCES product_version (id),
    PRIMARY KEY (case_id, product_version_id)
);

CREATE TABLE case_status_change (
    id          BIGSERIAL PRIMARY KEY,
    case_id     VARCHAR(20)  NOT NULL REFERENCES certification_case (id),
    from_status VARCHAR(40),
    to_status   VARCHAR(40)  NOT NULL,
    phase       VARCHAR(40)  NOT NULL,
    actor       VARCHAR(200) NOT NULL,
    reason      VARCHAR(2000),
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX case_status_change_case ON case_status_change (case_id, id);

-- Every assignment keeps its conflict-of-interest declaration.
CREATE TABLE staff_assignment (
    id                BIGSERIAL PRIMARY KEY,
    case_id           VARCHAR(20)  NOT NULL REFERENCES certification_case (id),
    person            VARCHAR(200) NOT NULL,
    role              VARCHAR(40)  NOT NULL,
    organisation      VARCHAR(300),
    coi_declaration   VARCHAR(4000) NOT NULL,
    coi_conflict      BOOLEAN      NOT NULL,
    declared_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    assigned_by       VARCHAR(200) NOT NULL,
    UNIQUE (case_id, person, role)
);

-- Stored immutably in object storage under a key derived from case and hash.
CREATE TABLE evidence (
    id             VARCHAR(40)   PRIMARY KEY,
    case_id        VARCHAR(20)   NOT NULL REFERENCES certification_case (id),
    kind           VARCHAR(60)   NOT NULL,
    file_name      VARCHAR(500)  NOT NULL,
    media_type     VARCHAR(200)  NOT NULL,
    size_bytes     BIGINT        NOT NULL,
    sha256         VARCHAR(64)      NOT NULL,
    object_key     VARCHAR(300)  NOT NULL,
    submitted_by   VARCHAR(200)  NOT NULL,
    submitted_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    review_status  VARCHAR(30)   NOT NULL,
    reviewed_by    VARCHAR(200),
    reviewed_at    TIMESTAMP WITH TIME ZONE,
    valid_until    DATE,
    UNIQUE (case_id, sha256)
);

-- As ISO/IEC 17025 asks of a report.
CREATE TABLE test_report (
    id                   BIGSERIAL PRIMARY KEY,
    case_id              VARCHAR(20)  NOT NULL REFERENCES certification_case (id),
    report_id            VARCHAR(100) NOT NULL,
    lab_name             VARCHAR(300) NOT NULL,
    lab_accreditation    VARCHAR(200) NOT NULL,
    method               VARCHAR(500) NOT NULL,
    item_version         VARCHAR(100) NOT NULL,
    item_sha256          VARCHAR(64),
    test_started         DATE         NOT NULL,
    test_ended           DATE         NOT NULL,
    results_json         TEXT         NOT NULL,
    decision_rule        VARCHAR(1000) NOT NULL,
    conformity_statement VARCHAR(20)  NOT NULL,
    authorizer           VARCHAR(200) NOT NULL,
    evidence_id          VARCHAR(40)  REFERENCES evidence (id),
    imported_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (case_id, report_id)
);

CREATE TABLE nonconformity (
    id                       BIGSERIAL PRIMARY KEY,
    case_id                  VARCHAR(20)  NOT NULL REFERENCES certification_case (id),
    test_report_id           BIGINT       REFERENCES test_report (id),
    reference                VARCHAR(100) NOT NULL,
    requirement_ref          VARCHAR(300) NOT NULL,
    severity                 VARCHAR(10)  NOT NULL,
    description              VARCHAR(4000),
    found_on                 DATE         NOT NULL,
    due_on                   DATE         NOT NULL,
    root_cause               VARCHAR(4000),
    correction               VARCHAR(4000),
    corrective_action        VARCHAR(4000),
    verification_evidence_id VARCHAR(40)  REFERENCES evidence (id),
    status                   VARCHAR(20)  NOT NULL,
    UNIQUE (case_id, reference)
);

-- step_key = the process step that recorded it, so a retried job records it once.
CREATE TABLE decision (
    id             BIGSERIAL PRIMARY KEY,
    case_id        VARCHAR(20)  NOT NULL REFERENCES certification_case (id),
    step_key       VARCHAR(200) NOT NULL UNIQUE,
    kind           VARCHAR(30)  NOT NULL,
    type           VARCHAR(30)  NOT NULL,
    decision_maker VARCHAR(200) NOT NULL,
    decided_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    rationale      VARCHAR(8000),
    conditions     VARCHAR(4000)
);

CREATE TABLE certificate (
    id              BIGSERIAL PRIMARY KEY,
    case_id         VARCHAR(20)  NOT NULL REFERENCES certification_case (id),
    decision_id     BIGINT       NOT NULL UNIQUE REFERENCES decision (id),
    number          VARCHAR(30)  NOT NULL,
    revision        INT          NOT NULL,
    holder          VARCHAR(300) NOT NULL,
    scope           VARCHAR(4000) NOT NULL,
    standards       VARCHAR(2000) NOT NULL,
    granted_on      DATE         NOT NULL,
    expires_on      DATE         NOT NULL,
    conditions      VARCHAR(4000),
    status          VARCHAR(20)  NOT NULL,
    pdf_evidence_id VARCHAR(40)  REFERENCES evidence (id),
    next_surveillance_due TIMESTAMP WITH TIME ZONE,
    renewal_window_opens  TIMESTAMP WITH TIME ZONE,
    UNIQUE (number, revision),
    UNIQUE (case_id, revision)
);

CREATE TABLE recognition (
    id                     BIGSERIAL PRIMARY KEY,
    case_id                VARCHAR(20)  NOT NULL REFERENCES certification_case (id),
    market                 VARCHAR(10)  NOT NULL,
    partner_body           VARCHAR(300) NOT NULL,
    arrangement            VARCHAR(300),
    dossier_key            VARCHAR(300),
    dossier_manifest_sha256 VARCHAR(64),
    dossier_sent_at        TIMESTAMP WITH TIME ZONE,
    extra_tests            VARCHAR(4000),
    outcome                VARCHAR(20)  NOT NULL,
    partner_reference      VARCHAR(200),
    UNIQUE (case_id, market)
);

-- Public white-list.
CREATE TABLE registry_entry (
    id                 BIGSERIAL PRIMARY KEY,
    case_id            VARCHAR(20)  NOT NULL UNIQUE REFERENCES certification_case (id),
    provider           VARCHAR(300) NOT NULL,
    service_name       VARCHAR(300) NOT NULL,
    category           VARCHAR(100) NOT NULL,
    certificate_number VARCHAR(30)  NOT NULL,
    status             VARCHAR(20)  NOT NULL,
    valid_from         DATE         NOT NULL,
    valid_until        DATE         NOT NULL,
    markets_recognised VARCHAR(500) NOT NULL DEFAULT '',
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Written in the same transaction as the change that causes it; a dispatcher delivers it.
-- idempotency_key derives from case and step, and travels to the receiver.
CREATE TABLE outbox_message (
    id              BIGSERIAL PRIMARY KEY,
    idempotency_key VARCHAR(300) NOT NULL UNIQUE,
    case_id         VARCHAR(20)  NOT NULL,
    channel         VARCHAR(30)  NOT NULL,
    destination     VARCHAR(500) NOT NULL,
    subject         VARCHAR(500),
    payload         TEXT         NOT NULL,
    status          VARCHAR(20)  NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at         TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(2000)
);
CREATE INDEX outbox_message_pending ON outbox_message (status, next_attempt_at);

-- The evaluator's document-review findings (phase 2), one per review step.
CREATE TABLE document_findings (
    id          BIGSERIAL PRIMARY KEY,
    case_id     VARCHAR(20)  NOT NULL REFERENCES certification_case (id),
    step_key    VARCHAR(200) NOT NULL UNIQUE,
    outcome     VARCHAR(40)  NOT NULL,
    findings    VARCHAR(8000),
    recorded_by VARCHAR(200) NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A test plan sent to the allocated lab: initial, delta or full retest; base, market or change.
CREATE TABLE test_request (
    id              BIGSERIAL PRIMARY KEY,
    case_id         VARCHAR(20)  NOT NULL REFERENCES certification_case (id),
    step_key        VARCHAR(200) NOT NULL UNIQUE,
    scope           VARCHAR(20)  NOT NULL,
    market          VARCHAR(10),
    test_suites     VARCHAR(2000) NOT NULL,
    retest_kind     VARCHAR(20)  NOT NULL,
    lab             VARCHAR(300) NOT NULL,
    requested_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
ALTER TABLE test_report ADD COLUMN test_request_id BIGINT REFERENCES test_request (id);

CREATE TABLE appeal (
    id          BIGSERIAL PRIMARY KEY,
    case_id     VARCHAR(20)  NOT NULL REFERENCES certification_case (id),
    decision_id BIGINT       NOT NULL UNIQUE REFERENCES decision (id),
    lodged_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    status      VARCHAR(20)  NOT NULL
);

-- Each surveillance scheduling step, so a retried step returns the dates it computed before.
CREATE TABLE surveillance_schedule (
    id                    BIGSERIAL PRIMARY KEY,
    case_id               VARCHAR(20)  NOT NULL REFERENCES certification_case (id),
    step_key              VARCHAR(200) NOT NULL UNIQUE,
    next_surveillance_due TIMESTAMP WITH TIME ZONE NOT NULL,
    renewal_window_opens  TIMESTAMP WITH TIME ZONE NOT NULL,
    scheduled_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
