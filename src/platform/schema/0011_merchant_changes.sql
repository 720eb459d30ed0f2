-- Servers follow merchants' changes (status, names, district) to keep their portal caches and search
-- index up to date: they read the rows changed since their last look.
CREATE INDEX platform_merchants_updated ON platform_merchants (updated_at_us);
