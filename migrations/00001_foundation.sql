-- +goose Up
-- Organisations, staff, sessions, login throttling, site alerts, and the two records
-- every later feature hangs on: programmes and their groups.

CREATE TABLE organisations (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL CHECK (name <> ''),
    kind         text NOT NULL CHECK (kind IN ('public_library', 'central_library', 'regional_library', 'national_library', 'municipality_association', 'union')),
    country      text NOT NULL CHECK (country IN ('DK', 'SE', 'NO', 'FI')),
    municipality text NOT NULL DEFAULT '',
    region       text NOT NULL DEFAULT '',
    website      text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organisations_name_key UNIQUE (name)
);

CREATE TABLE users (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email           text NOT NULL CHECK (email LIKE '%_@_%'),
    name            text NOT NULL CHECK (name <> ''),
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    role            text NOT NULL DEFAULT 'staff' CHECK (role IN ('staff', 'coordinator', 'admin')),
    lang            text NOT NULL DEFAULT 'da' CHECK (lang IN ('da', 'sv', 'en')),
    disabled        boolean NOT NULL DEFAULT false,
    password_hash   text NOT NULL,
    calendar_token  text NOT NULL DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE UNIQUE INDEX users_calendar_token_key ON users (calendar_token);
CREATE INDEX users_organisation_idx ON users (organisation_id);

-- The table scs's pgxstore expects.
CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- Fixed-window counters for login throttling, shared by every app instance.
CREATE TABLE rate_limits (
    key          text NOT NULL,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL DEFAULT 0,
    PRIMARY KEY (key, window_start)
);

CREATE TABLE alerts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_da text NOT NULL,
    message_sv text NOT NULL,
    message_en text NOT NULL,
    level      text NOT NULL CHECK (level IN ('info', 'warning', 'critical')),
    link       text NOT NULL DEFAULT '',
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at)
);
CREATE INDEX alerts_window_idx ON alerts (ends_at, starts_at);

CREATE TABLE programmes (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug             text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title            text NOT NULL CHECK (title <> ''),
    summary          text NOT NULL DEFAULT '',
    body_md          text NOT NULL DEFAULT '',
    body_html        text NOT NULL DEFAULT '',
    funder           text NOT NULL DEFAULT '',
    coordinator_org  text NOT NULL DEFAULT '',
    starts_on        date,
    ends_on          date,
    lang             text NOT NULL DEFAULT 'da' CHECK (lang IN ('da', 'sv', 'nb', 'fi', 'en')),
    website          text NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT programmes_slug_key UNIQUE (slug)
);

CREATE TABLE groups (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id bigint REFERENCES programmes (id) ON DELETE SET NULL,
    slug         text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title        text NOT NULL CHECK (title <> ''),
    summary      text NOT NULL DEFAULT '',
    body_md      text NOT NULL DEFAULT '',
    body_html    text NOT NULL DEFAULT '',
    lang         text NOT NULL DEFAULT 'da' CHECK (lang IN ('da', 'sv', 'nb', 'fi', 'en')),
    visibility   text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'staff')),
    project_url  text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT groups_slug_key UNIQUE (slug)
);
CREATE INDEX groups_programme_idx ON groups (programme_id);

-- Slugs a group had before it was renamed: old links keep redirecting.
CREATE TABLE group_old_slugs (
    slug     text PRIMARY KEY,
    group_id bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE
);

CREATE TABLE group_coordinators (
    group_id bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_coordinators_user_idx ON group_coordinators (user_id);

-- +goose Down
DROP TABLE group_coordinators;
DROP TABLE group_old_slugs;
DROP TABLE groups;
DROP TABLE programmes;
DROP TABLE alerts;
DROP TABLE rate_limits;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE organisations;
