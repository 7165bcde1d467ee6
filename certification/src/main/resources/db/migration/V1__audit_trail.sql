-- Append-only, hash-chained audit trail: every state change, who, when, why.
-- Each entry carries the SHA-256 of the previous one; seq has no gaps, so a deleted entry shows.
CREATE TABLE audit_entry (
    id            BIGSERIAL PRIMARY KEY,
    seq           BIGINT        NOT NULL UNIQUE,
    occurred_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    actor         VARCHAR(200)  NOT NULL,
    action        VARCHAR(100)  NOT NULL,
    subject_type  VARCHAR(100)  NOT NULL,
    subject_id    VARCHAR(200)  NOT NULL,
    reason        VARCHAR(2000),
    previous_hash VARCHAR(64)      NOT NULL,
    entry_hash    VARCHAR(64)      NOT NULL UNIQUE
);

CREATE INDEX audit_entry_subject ON audit_entry (subject_type, subject_id);

-- The head of the chain: appends lock this row, so the chain stays linear under concurrency,
-- and a truncated tail no longer matches it.
CREATE TABLE audit_head (
    id        SMALLINT PRIMARY KEY CHECK (id = 1),
    last_seq  BIGINT   NOT NULL,
    last_hash VARCHAR(64) NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Append-only for the application: updates and deletes are refused by the database itself.
CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_entry is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change();
