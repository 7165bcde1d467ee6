-- The same bytes can be different evidence: uploaded again under another kind (the right one,
-- after a mistake) or by another party (a lab report identical to an applicant's file) they are
-- recorded as their own evidence, never answered with the old record. The same bytes, kind and
-- party stay one evidence, so a retried upload is idempotent. (Numbered 4_1 so that a V4 of a
-- parallel branch cannot collide with it.)
ALTER TABLE evidence DROP CONSTRAINT evidence_case_id_sha256_key;
ALTER TABLE evidence ADD CONSTRAINT evidence_identity UNIQUE (case_id, sha256, kind, submitted_by);
CREATE INDEX evidence_case_id_sha256 ON evidence (case_id, sha256);
