-- Program managers' model work (issue 17). A release is a bundle ExportCert deployed (every file,
-- as deployed), so "the deployed bundle" and each earlier version can be opened again. A draft is a
-- named, versioned bundle: every save is a new revision; approval belongs to one revision.
CREATE TABLE model_release (
    id             BIGSERIAL    PRIMARY KEY,
    version_tag    VARCHAR(80)  NOT NULL,
    deployment_key BIGINT       NOT NULL,
    deployed_by    VARCHAR(100) NOT NULL,
    deployed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    draft_id       BIGINT,
    files          TEXT         NOT NULL -- JSON object: file name -> content
);

CREATE TABLE model_draft (
    id          BIGSERIAL    PRIMARY KEY,
    name        VARCHAR(120) NOT NULL,
    author      VARCHAR(100) NOT NULL,
    status      VARCHAR(20)  NOT NULL, -- OPEN, APPROVED, DEPLOYED, DISCARDED
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    base_release_id BIGINT REFERENCES model_release (id),
    approved_by VARCHAR(100),
    approved_revision INT,
    approved_at TIMESTAMP WITH TIME ZONE,
    release_id  BIGINT REFERENCES model_release (id)
);

CREATE TABLE model_draft_revision (
    draft_id  BIGINT       NOT NULL REFERENCES model_draft (id),
    revision  INT          NOT NULL,
    saved_by  VARCHAR(100) NOT NULL,
    saved_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    files     TEXT         NOT NULL, -- JSON object: file name -> content
    PRIMARY KEY (draft_id, revision)
);
