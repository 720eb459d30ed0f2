-- Background jobs of a merchant (platform/job.hpp): long work that a request starts and then
-- follows, such as an import of years of shop sales. A job is queued with its input, claimed by one
-- server's worker (running, with a lease renewed with every progress write; a job whose lease ran
-- out is claimed again, attempts counting the claims), and ends succeeded with its result or failed
-- with its error. issues holds the first problems it reported (JSON [{line, field, code, message}]).
CREATE TABLE platform_jobs (
    id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    params TEXT NOT NULL,
    total BIGINT NOT NULL DEFAULT 0,
    processed BIGINT NOT NULL DEFAULT 0,
    result TEXT NULL,
    error TEXT NULL,
    issues TEXT NOT NULL DEFAULT '[]',
    issues_total BIGINT NOT NULL DEFAULT 0,
    created_by_user BIGINT NULL,
    created_by_key BIGINT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    lease_until_us BIGINT NOT NULL DEFAULT 0,
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL,
    finished_at_us BIGINT NULL
);
CREATE INDEX platform_jobs_pending ON platform_jobs (status, created_at_us);
CREATE INDEX platform_jobs_merchant ON platform_jobs (merchant_id, kind, created_at_us);
-- A job's input while it is pending: in the store, so that whichever server claims the job can read
-- it. Deleted when the job ends.
CREATE TABLE platform_job_inputs (
    job_id BIGINT PRIMARY KEY REFERENCES platform_jobs (id),
    content TEXT NOT NULL
);
