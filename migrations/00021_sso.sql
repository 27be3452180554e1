-- +goose Up
-- Single sign-on with OpenID Connect (issue 21).

-- An organisation may require its staff to log in through their work account:
-- password login is then refused for them.
ALTER TABLE organisations ADD COLUMN require_sso boolean NOT NULL DEFAULT false;

-- The work accounts linked to Spor accounts. A provider names a person by its
-- subject ("sub"), which never changes, while the address may; so the link is
-- (provider, subject), and the email is only kept to show on the profile page.
CREATE TABLE user_identities (
    provider      text NOT NULL CHECK (provider ~ '^[a-z0-9-]{1,32}$'),
    subject       text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email         text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, subject)
);
CREATE INDEX user_identities_user_idx ON user_identities (user_id);

-- +goose Down
DROP TABLE user_identities;
ALTER TABLE organisations DROP COLUMN require_sso;
