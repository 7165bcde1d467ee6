-- Impact of a changed decision table (issue 17): the inputs and outcome of the last evaluations of
-- each decision, copied from the engine's decision instances (business rule tasks) so a draft's
-- table can re-run them before it is approved. Bounded: the application keeps the newest N per
-- decision (exportcert.models.impact.keep-per-decision) and deletes older rows.
CREATE TABLE decision_evaluation (
    decision_instance_key VARCHAR(64)  PRIMARY KEY, -- the engine's decision evaluation instance key
    decision_id           VARCHAR(255) NOT NULL,
    decision_version      INT          NOT NULL,
    process_instance_key  BIGINT,
    case_id               VARCHAR(100),
    evaluated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    inputs                TEXT         NOT NULL, -- JSON array: {id, name, value}
    output                TEXT         NOT NULL  -- JSON: the decision's result
);

CREATE INDEX decision_evaluation_newest ON decision_evaluation (decision_id, evaluated_at DESC);

-- Path tests run on a draft revision in a scratch in-memory engine (issue 17): the verdict of
-- every path and the elements each process took, kept with the revision they ran on.
CREATE TABLE model_path_run (
    id          BIGSERIAL    PRIMARY KEY,
    draft_id    BIGINT       NOT NULL REFERENCES model_draft (id),
    revision    INT          NOT NULL,
    run_by      VARCHAR(100) NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE NOT NULL,
    passed      BOOLEAN      NOT NULL,
    report      TEXT         NOT NULL -- JSON: results (per path) and coverage (per process)
);

CREATE INDEX model_path_run_of_revision ON model_path_run (draft_id, revision, id DESC);
