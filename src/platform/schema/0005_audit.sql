-- Security events (sign-ins, role and status changes, API keys), written in the transaction of the
-- change they record. Read newest first, by the operator (all) or by a merchant (merchant_id), so
-- both orders have an index. detail is a small JSON object without secrets.
CREATE TABLE platform_audit_events (
    id BIGINT PRIMARY KEY,
    occurred_at_us BIGINT NOT NULL,
    action TEXT NOT NULL,
    actor_user_id BIGINT NULL,
    actor_key_id BIGINT NULL,
    merchant_id BIGINT NULL,
    subject TEXT NOT NULL DEFAULT '',
    client_address TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX platform_audit_events_time ON platform_audit_events (occurred_at_us, id);
CREATE INDEX platform_audit_events_merchant ON platform_audit_events (merchant_id, occurred_at_us, id);
