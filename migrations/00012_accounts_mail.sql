-- +goose Up
-- People get in by themselves (invitations, sign-up by domain, password reset, email
-- change) through single-use links, and Spor keeps the mails it would send when no
-- SMTP server is configured. River's own tables come from rivermigrate, not here.

-- Shared with the organisations work (its migration adds the same columns): written
-- IF NOT EXISTS so either branch works alone and both together.
ALTER TABLE organisations ADD COLUMN IF NOT EXISTS email_domains text[] NOT NULL DEFAULT '{}';
ALTER TABLE users ADD COLUMN IF NOT EXISTS library_contact boolean NOT NULL DEFAULT false;

-- One row per mailed link. Only the SHA-256 of the 32-byte random token is kept, so
-- a copy of the database cannot be used to take over accounts.
CREATE TABLE account_tokens (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text NOT NULL CHECK (kind IN ('reset', 'signup', 'invite', 'email')),
    token_hash       bytea NOT NULL CHECK (length(token_hash) = 32),
    email            text NOT NULL CHECK (email LIKE '%_@_%'),
    user_id          bigint REFERENCES users (id) ON DELETE CASCADE,
    organisation_id  bigint REFERENCES organisations (id) ON DELETE CASCADE,
    name             text NOT NULL DEFAULT '',
    lang             text NOT NULL DEFAULT 'da' CHECK (lang IN ('da', 'sv', 'en')),
    created_by       bigint REFERENCES users (id) ON DELETE SET NULL,
    expires_at       timestamptz NOT NULL,
    used_at          timestamptz,
    revoked_at       timestamptz,
    accepted_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT account_tokens_hash_key UNIQUE (token_hash)
);
CREATE INDEX account_tokens_kind_email_idx ON account_tokens (kind, lower(email));
CREATE INDEX account_tokens_expires_idx ON account_tokens (expires_at);

-- The logged-in user of each session, kept beside scs's data by the app's session
-- store, so that "log out everywhere else" and a password reset can end a user's
-- other sessions with one statement.
ALTER TABLE sessions ADD COLUMN user_id bigint REFERENCES users (id) ON DELETE CASCADE;
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE user_id IS NOT NULL;

-- The development mailbox: without SMTP_URL every mail lands here, for admins to
-- read at /manage/mail. raw is the complete RFC 5322 message as it would be sent.
CREATE TABLE mailbox (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient  text NOT NULL,
    subject    text NOT NULL,
    text_body  text NOT NULL,
    html_body  text NOT NULL,
    raw        text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mailbox_created_idx ON mailbox (created_at DESC);

-- +goose Down
DROP TABLE mailbox;
DROP INDEX sessions_user_idx;
ALTER TABLE sessions DROP COLUMN user_id;
DROP TABLE account_tokens;
-- email_domains and library_contact stay: the organisations work owns them.
