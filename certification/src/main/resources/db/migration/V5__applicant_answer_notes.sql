-- The applicant's answers to requests (missing documents, agreement, corrective action ...) with
-- the note they wrote to staff, as data: staff read the note from here, no longer by taking the
-- audit reason apart. The audit trail keeps recording that an answer was given.
CREATE TABLE applicant_answer (
    id            BIGSERIAL PRIMARY KEY,
    case_id       VARCHAR(20)   NOT NULL REFERENCES certification_case (id),
    message       VARCHAR(100)  NOT NULL,
    note          VARCHAR(2000),
    evidence_ids  VARCHAR(4000) NOT NULL DEFAULT '',
    answered_by   VARCHAR(200)  NOT NULL,
    answered_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the engine's message id: a double submit of one request's answer is one answer; null for
    -- answers taken over from the audit trail below
    message_id    VARCHAR(300)  UNIQUE
);

CREATE INDEX applicant_answer_case ON applicant_answer (case_id, id);

-- Answers given before this table existed: their audit reason was the note, followed by
-- " evidence=[id, id]" when documents were named (ApplicantCases before V5). The list is taken off
-- only when it is exactly such a list of evidence ids, as the console did when it showed them.
INSERT INTO applicant_answer (case_id, message, note, evidence_ids, answered_by, answered_at)
SELECT e.subject_id,
       substr(e.action, length('case.answer.') + 1),
       NULLIF(regexp_replace(
                  regexp_replace(coalesce(e.reason, ''), '\s*evidence=\[[A-Za-z0-9_-]+(, [A-Za-z0-9_-]+)*\]$', ''),
                  '^\s+|\s+$', '', 'g'), ''),
       coalesce(replace(substring(e.reason from 'evidence=\[([A-Za-z0-9_-]+(?:, [A-Za-z0-9_-]+)*)\]$'), ' ', ''), ''),
       e.actor,
       e.occurred_at
FROM audit_entry e
JOIN certification_case c ON c.id = e.subject_id
WHERE e.subject_type = 'case' AND e.action LIKE 'case.answer.%'
ORDER BY e.seq;
