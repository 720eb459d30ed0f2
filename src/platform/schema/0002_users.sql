-- People who sign in: customers, merchant owners and staff, operator admins (roles come later, as
-- their own tables). email is stored lower-cased so that UNIQUE means "one account per address";
-- mobile is stored as 010-1234-5678 and, when given, belongs to one account only. password_hash is
-- an Argon2id PHC string ($argon2id$v=19$m=...,t=...,p=1$salt$hash).
CREATE TABLE platform_users (
    id BIGINT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    mobile TEXT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    email_verified_at_us BIGINT NULL,
    created_at_us BIGINT NOT NULL,
    updated_at_us BIGINT NOT NULL
);
