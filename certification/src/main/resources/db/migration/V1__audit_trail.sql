-- Append-only, hash-chained audit trail: every state change, who, when, why.
CREATE TABLE audit_entry (
    id            BIGSERIAL PRIMARY KEY,
    occurred_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    actor         VARCHAR(200)  NOT NULL,
    action        VARCHAR(100)  NOT NULL,
    subject_type  VARCHAR(100)  NOT NULL,
    subject_id    VARCHAR(200)  NOT NULL,
    reason        VARCHAR(2000),
    previous_hash VARCHAR(64)   NOT NULL,
    entry_hash    VARCHAR(64)   NOT NULL UNIQUE
);

CREATE INDEX audit_entry_subject ON audit_entry (subject_type, subject_id);
