-- Bulk CSV imports of products (catalog/product_import.hpp): one row per uploaded file. A job is
-- queued, claimed by one server's worker (running, with a lease that the worker renews; a job whose
-- lease ran out is claimed again, attempts counting the claims), and ends succeeded or failed with
-- every bad row in errors (JSON [{line, field, code, message}], the first 1000). An apply commits
-- its products and the job's success in one transaction.
CREATE TABLE catalog_imports (
    id BIGINT PRIMARY KEY,
    merchant_id BIGINT NOT NULL REFERENCES platform_merchants (id),
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    dry_run BOOLEAN NOT NULL,
    encoding TEXT NOT NULL CHECK (encoding IN ('utf-8', 'cp949')),
    total_rows BIGINT NOT NULL,
    processed_rows BIGINT NOT NULL DEFAULT 0,
    created BIGINT NOT NULL DEFAULT 0,
    updated BIGINT NOT NULL DEFAULT 0,
    errors TEXT NOT NULL DEFAULT '[]',
    errors_truncated BOOLEAN NOT NULL DEFAULT FALSE,
    created_by_user BIGINT NULL,
    created_by_key BIGINT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    lease_until_us BIGINT NOT NULL DEFAULT 0,
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL,
    finished_at_us BIGINT NULL
);
CREATE INDEX catalog_imports_pending ON catalog_imports (status, created_at_us);
CREATE INDEX catalog_imports_merchant ON catalog_imports (merchant_id, status);
-- The uploaded file, decoded to UTF-8, while its job is pending: in the store rather than under the
-- data folder, so that whichever server claims the job can read it. Deleted when the job ends.
CREATE TABLE catalog_import_files (
    import_id BIGINT PRIMARY KEY REFERENCES catalog_imports (id),
    merchant_id BIGINT NOT NULL,
    content TEXT NOT NULL
);
