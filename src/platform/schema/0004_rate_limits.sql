-- Rate limit counters (sign-in failures now, API limits later), kept here rather than in a server's
-- memory so that every `jangteo serve` behind the proxy counts into the same bucket. One row per
-- bucket ("<rule>:<key>") and fixed window; a hit is one upsert, so concurrent servers never lose a
-- count. Old windows are deleted by the purge, which finds them through the second index.
CREATE TABLE platform_rate_counters (
    bucket TEXT NOT NULL,
    window_start_us BIGINT NOT NULL,
    hits INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start_us)
);
CREATE INDEX platform_rate_counters_window ON platform_rate_counters (window_start_us);
