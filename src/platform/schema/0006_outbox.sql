-- Outgoing email and SMS, written in the transaction of the change that causes them (a password
-- reset, an invitation) and sent afterwards by a dispatcher, so that a message exists exactly when
-- its change was committed. A dispatcher claims due rows by setting lease_token and pushing
-- next_attempt_at_us to the end of its lease with one compare-and-set UPDATE, so that two servers
-- never send a row at once, and a row whose dispatcher died becomes due again when the lease ends.
-- A row ends sent (sent_at_us) or, after the last attempt, failed (failed_at_us); the purge deletes
-- finished rows after some days. body may hold a secret link (password reset): it is never logged.
CREATE TABLE platform_outbox (
    id BIGINT PRIMARY KEY,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at_us BIGINT NOT NULL,
    next_attempt_at_us BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    lease_token BIGINT NULL,
    last_error TEXT NULL,
    sent_at_us BIGINT NULL,
    failed_at_us BIGINT NULL
);
-- What a claim looks for: unfinished rows in the order they are due.
CREATE INDEX platform_outbox_due ON platform_outbox (next_attempt_at_us, id)
    WHERE sent_at_us IS NULL AND failed_at_us IS NULL;
-- A dispatcher that stops hands back the rest of its claim by its lease token.
CREATE INDEX platform_outbox_lease ON platform_outbox (lease_token) WHERE lease_token IS NOT NULL;
-- What the purge looks for: finished rows by age.
CREATE INDEX platform_outbox_finished ON platform_outbox (created_at_us)
    WHERE sent_at_us IS NOT NULL OR failed_at_us IS NOT NULL;
