-- Which shipped model bundles this installation has deployed (SHA-256 over file names and bytes).
-- A start deploys the shipped bundle only when it is new: redeploying it at every start would make
-- the shipped tables the latest again and silently undo a program manager's rule change.
CREATE TABLE shipped_models_deployment (
    bundle_sha256  CHAR(64) PRIMARY KEY,
    deployment_key BIGINT NOT NULL,
    deployed_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
