-- Idempotency keys (the Idempotency-Key header of checkout, payment and refund calls): the first
-- request with a key claims it ('running', locked until locked_until_us) and records its answer in the
-- transaction of its effect ('done'), so that a retry with the same key and body gets the same
-- answer and does nothing twice. request_hash tells a retry from a different request under the same
-- key. claim_token names the request that holds a running claim: a claim whose lock expired (its
-- server died) is taken over with a new token, and the old holder's answer is then refused. Rows are
-- purged a day after they were made.
CREATE TABLE platform_idempotency_keys (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('running', 'done')),
    claim_token BIGINT NOT NULL,
    response_status INTEGER NULL,
    response_body TEXT NULL,
    locked_until_us BIGINT NOT NULL,
    created_at_us BIGINT NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX platform_idempotency_keys_created ON platform_idempotency_keys (created_at_us);
