-- Accounts own pipelines and everything under them; access keys (AWS-shaped) sign API calls and
-- carry one role each; console users sign in to the console with a role per account.
-- Mirrors prisma/schema.prisma.

CREATE TABLE "accounts" (
    -- 12 digits, like an AWS account id (reported as @accountId); the default account's id is
    -- the ACCOUNT_ID setting (000000000000 unless set).
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "accounts_id_check" CHECK ("id" ~ '^[0-9]{12}$'),
    CONSTRAINT "accounts_name_check" CHECK (length("name") BETWEEN 1 AND 64)
);
CREATE UNIQUE INDEX "accounts_name_key" ON "accounts"("name");

-- Pipelines that exist before accounts did stay with the account they were created under (the
-- ACCOUNT_ID setting): that account gets a row here. Start-up makes sure the default one exists.
INSERT INTO "accounts" ("id", "name")
SELECT DISTINCT "account_id", CASE WHEN "account_id" = '000000000000' THEN 'default' ELSE 'account-' || "account_id" END
FROM "pipelines" WHERE "account_id" ~ '^[0-9]{12}$'
ON CONFLICT DO NOTHING;

CREATE TABLE "access_keys" (
    "access_key_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    -- AES-256-GCM under the server key: 12-byte nonce || ciphertext || 16-byte tag
    "secret_encrypted" BYTEA NOT NULL,
    "description" TEXT,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    CONSTRAINT "access_keys_pkey" PRIMARY KEY ("access_key_id"),
    CONSTRAINT "access_keys_id_check" CHECK ("access_key_id" ~ '^[A-Z0-9]{16,128}$'),
    CONSTRAINT "access_keys_role_check" CHECK ("role" IN ('admin', 'operator', 'runner', 'readonly'))
);
CREATE INDEX "access_keys_account_id_idx" ON "access_keys"("account_id");
ALTER TABLE "access_keys" ADD CONSTRAINT "access_keys_account_id_fkey"
    FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "console_users" (
    "id" TEXT NOT NULL DEFAULT gen_random_uuid()::text,
    "email" TEXT NOT NULL,
    "name" TEXT,
    -- scrypt (lib/auth/passwords.ts); NULL for users who only sign in through OIDC
    "password_hash" TEXT,
    "oidc_issuer" TEXT,
    "oidc_subject" TEXT,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "console_users_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "console_users_email_check" CHECK (length("email") BETWEEN 3 AND 320),
    CONSTRAINT "console_users_oidc_check" CHECK (("oidc_issuer" IS NULL) = ("oidc_subject" IS NULL))
);
-- Emails are unique whatever their case: Ana@x.org and ana@x.org are one user.
CREATE UNIQUE INDEX "console_users_email_key" ON "console_users"(lower("email"));
CREATE UNIQUE INDEX "console_users_oidc_key" ON "console_users"("oidc_issuer", "oidc_subject");

CREATE TABLE "console_memberships" (
    "user_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "console_memberships_pkey" PRIMARY KEY ("user_id", "account_id"),
    CONSTRAINT "console_memberships_role_check" CHECK ("role" IN ('viewer', 'operator', 'admin'))
);
CREATE INDEX "console_memberships_account_id_idx" ON "console_memberships"("account_id");
ALTER TABLE "console_memberships" ADD CONSTRAINT "console_memberships_user_id_fkey"
    FOREIGN KEY ("user_id") REFERENCES "console_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "console_memberships" ADD CONSTRAINT "console_memberships_account_id_fkey"
    FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "console_sessions" (
    -- sha256 (hex) of the cookie's token: a database leak does not hand out sessions
    "token_hash" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "idle_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "absolute_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "ip" TEXT,
    "user_agent" TEXT,
    CONSTRAINT "console_sessions_pkey" PRIMARY KEY ("token_hash")
);
CREATE INDEX "console_sessions_user_id_idx" ON "console_sessions"("user_id");
CREATE INDEX "console_sessions_absolute_expires_at_idx" ON "console_sessions"("absolute_expires_at");
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_user_id_fkey"
    FOREIGN KEY ("user_id") REFERENCES "console_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_account_id_fkey"
    FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Failed sign-ins per key (e.g. "email:<address>" or "ip:<address>") within a window.
CREATE TABLE "sign_in_throttle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "window_start" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "blocked_until" TIMESTAMPTZ(3),
    CONSTRAINT "sign_in_throttle_pkey" PRIMARY KEY ("key")
);
