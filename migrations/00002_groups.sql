-- +goose Up
-- What hangs on a group: its contact people, the staff who follow it, its news and
-- its documents (the files themselves live here too, so app instances share them).

CREATE TABLE contacts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_id     bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (name <> ''),
    role         text NOT NULL DEFAULT '',
    organisation text NOT NULL DEFAULT '',
    email        text NOT NULL DEFAULT '',
    phone        text NOT NULL DEFAULT '',
    position     integer NOT NULL DEFAULT 0,
    visibility   text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'staff')),
    checked_on   date NOT NULL DEFAULT current_date,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contacts_group_idx ON contacts (group_id, position, id);

-- The primary key makes following idempotent and exact under concurrent clicks:
-- INSERT ... ON CONFLICT DO NOTHING.
CREATE TABLE group_followers (
    group_id   bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_followers_user_idx ON group_followers (user_id);

CREATE TABLE news (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_id   bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    title      text NOT NULL CHECK (title <> ''),
    body_md    text NOT NULL DEFAULT '',
    body_html  text NOT NULL DEFAULT '',
    lang       text NOT NULL DEFAULT 'da' CHECK (lang IN ('da', 'sv', 'nb', 'fi', 'en')),
    author_id  bigint REFERENCES users (id) ON DELETE SET NULL,
    publish_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX news_group_publish_idx ON news (group_id, publish_at DESC);

CREATE TABLE documents (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_id     bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    title        text NOT NULL CHECK (title <> ''),
    description  text NOT NULL DEFAULT '',
    lang         text NOT NULL DEFAULT 'da' CHECK (lang IN ('da', 'sv', 'nb', 'fi', 'en')),
    filename     text NOT NULL CHECK (filename <> ''),
    content_type text NOT NULL,
    size         bigint NOT NULL CHECK (size >= 0),
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    data         bytea NOT NULL,
    uploaded_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- The same file twice in one group is pointed out to the uploader.
    CONSTRAINT documents_group_sha256_key UNIQUE (group_id, sha256)
);
-- The file itself is stored out of line and uncompressed: PDFs, images and
-- OOXML/ODF files are already compressed.
ALTER TABLE documents ALTER COLUMN data SET STORAGE EXTERNAL;

-- +goose Down
DROP TABLE documents;
DROP TABLE news;
DROP TABLE group_followers;
DROP TABLE contacts;
