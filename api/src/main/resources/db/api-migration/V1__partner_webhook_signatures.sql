-- Signatures of partner webhook calls seen within the replay window. In the database, not in
-- memory, so a replay is refused after a restart and by every instance alike.
CREATE TABLE partner_webhook_signature (
    signature   VARCHAR(64)  PRIMARY KEY,
    partner     VARCHAR(100) NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX partner_webhook_signature_received_at ON partner_webhook_signature (received_at);
