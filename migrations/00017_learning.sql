-- +goose Up
-- The learning material catalogue: resources (courses made of ordered parts, videos,
-- podcasts, reading...), tagged with DigComp areas and self-assessment statements;
-- curated lists on groups, tracks and meetings; each person's progress; and the
-- result of the weekly link check.

CREATE TABLE learning_resources (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug             text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    kind             text NOT NULL CHECK (kind IN ('course', 'video', 'podcast', 'article', 'webinar', 'book', 'exercise')),
    title            text NOT NULL CHECK (title <> '' AND length(title) <= 200),
    summary          text NOT NULL DEFAULT '' CHECK (length(summary) <= 1000),
    body_md          text NOT NULL DEFAULT '',
    body_html        text NOT NULL DEFAULT '',
    provider         text NOT NULL DEFAULT '',
    provider_org_id  bigint REFERENCES organisations (id) ON DELETE SET NULL,
    url              text NOT NULL DEFAULT '' CHECK (url = '' OR url ~ '^https?://'),
    lang             text NOT NULL CHECK (lang IN ('da', 'sv', 'nb', 'fi', 'en')),
    duration_minutes integer NOT NULL DEFAULT 0 CHECK (duration_minutes BETWEEN 0 AND 100000),
    level            text NOT NULL DEFAULT 'introductory' CHECK (level IN ('introductory', 'intermediate', 'advanced')),
    areas            text[] NOT NULL DEFAULT '{}'
                     CHECK (areas <@ ARRAY['information', 'communication', 'content', 'safety', 'problem_solving']),
    programme_id     bigint REFERENCES programmes (id) ON DELETE SET NULL,
    published_on     date,
    reviewed_on      date,
    visibility       text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'staff')),
    archived         boolean NOT NULL DEFAULT false,
    -- The weekly link check: the last HTTP status (0: not checked, -1: no answer).
    link_status      integer NOT NULL DEFAULT 0,
    link_checked_at  timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT learning_resources_slug_key UNIQUE (slug)
);
CREATE INDEX learning_resources_catalogue_idx ON learning_resources (archived, visibility, kind, lang);
CREATE INDEX learning_resources_areas_idx ON learning_resources USING gin (areas);
CREATE INDEX learning_resources_programme_idx ON learning_resources (programme_id);
CREATE INDEX learning_resources_link_idx ON learning_resources (link_checked_at NULLS FIRST) WHERE url <> '' AND NOT archived;

-- The self-assessment statements a resource helps with.
CREATE TABLE learning_resource_statements (
    resource_id  bigint NOT NULL REFERENCES learning_resources (id) ON DELETE CASCADE,
    statement_id bigint NOT NULL REFERENCES assessment_statements (id) ON DELETE CASCADE,
    PRIMARY KEY (resource_id, statement_id)
);
CREATE INDEX learning_resource_statements_statement_idx ON learning_resource_statements (statement_id);

-- A course's ordered parts: another resource of the catalogue, or a short item of
-- its own (title, kind, duration).
CREATE TABLE learning_parts (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id        bigint NOT NULL REFERENCES learning_resources (id) ON DELETE CASCADE,
    position         integer NOT NULL CHECK (position > 0),
    resource_id      bigint REFERENCES learning_resources (id) ON DELETE SET NULL,
    title            text NOT NULL CHECK (title <> ''),
    kind             text NOT NULL CHECK (kind IN ('course', 'video', 'podcast', 'article', 'webinar', 'book', 'exercise')),
    duration_minutes integer NOT NULL DEFAULT 0 CHECK (duration_minutes >= 0),
    CONSTRAINT learning_parts_position_key UNIQUE (course_id, position)
);

-- Each person's state of a resource: saved, in progress or done.
CREATE TABLE learning_progress (
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    resource_id bigint NOT NULL REFERENCES learning_resources (id) ON DELETE CASCADE,
    status      text NOT NULL CHECK (status IN ('saved', 'in_progress', 'done')),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, resource_id)
);
CREATE INDEX learning_progress_resource_idx ON learning_progress (resource_id);

-- The parts of a course a person has finished.
CREATE TABLE learning_part_progress (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    part_id bigint NOT NULL REFERENCES learning_parts (id) ON DELETE CASCADE,
    done_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, part_id)
);

-- A curated list on exactly one group, track or track meeting.
CREATE TABLE learning_lists (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_id   bigint UNIQUE REFERENCES groups (id) ON DELETE CASCADE,
    track_id   bigint UNIQUE REFERENCES tracks (id) ON DELETE CASCADE,
    meeting_id bigint UNIQUE REFERENCES track_meetings (id) ON DELETE CASCADE,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (num_nonnulls(group_id, track_id, meeting_id) = 1)
);

CREATE TABLE learning_list_items (
    list_id     bigint NOT NULL REFERENCES learning_lists (id) ON DELETE CASCADE,
    position    integer NOT NULL CHECK (position > 0),
    resource_id bigint NOT NULL REFERENCES learning_resources (id) ON DELETE CASCADE,
    note        text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    PRIMARY KEY (list_id, position)
);

-- +goose Down
DROP TABLE learning_list_items;
DROP TABLE learning_lists;
DROP TABLE learning_part_progress;
DROP TABLE learning_progress;
DROP TABLE learning_parts;
DROP TABLE learning_resource_statements;
DROP TABLE learning_resources;
