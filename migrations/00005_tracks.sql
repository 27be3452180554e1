-- +goose Up
-- Seminar tracks: a series of meetings for leaders inside a programme (Dalaspåret),
-- who coordinates them, who joined, where and when each meeting is (with the times
-- a moved meeting had before), its speakers, materials and attendance.

CREATE TABLE tracks (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    programme_id   bigint NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    group_id       bigint REFERENCES groups (id) ON DELETE SET NULL,
    slug           text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title          text NOT NULL CHECK (title <> ''),
    audience       text NOT NULL DEFAULT '',
    summary        text NOT NULL DEFAULT '',
    goals          text[] NOT NULL DEFAULT '{}',
    prework_md     text NOT NULL DEFAULT '',
    prework_html   text NOT NULL DEFAULT '',
    lang           text NOT NULL DEFAULT 'sv' CHECK (lang IN ('da', 'sv', 'nb', 'fi', 'en')),
    enrolment_open boolean NOT NULL DEFAULT true,
    capacity       integer CHECK (capacity IS NULL OR capacity > 0),
    published      boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tracks_slug_key UNIQUE (slug)
);
CREATE INDEX tracks_programme_idx ON tracks (programme_id);

CREATE TABLE track_coordinators (
    track_id bigint NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    user_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (track_id, user_id)
);
CREATE INDEX track_coordinators_user_idx ON track_coordinators (user_id);

CREATE TABLE track_participants (
    track_id  bigint NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (track_id, user_id)
);
CREATE INDEX track_participants_user_idx ON track_participants (user_id);

CREATE TABLE track_meetings (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    track_id    bigint NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    title       text NOT NULL CHECK (title <> ''),
    description text NOT NULL DEFAULT '',
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    zone        text NOT NULL DEFAULT 'Europe/Stockholm',
    online_url  text NOT NULL DEFAULT '',
    place       text NOT NULL DEFAULT '',
    status      text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'cancelled', 'moved')),
    -- iCalendar SEQUENCE: raised on every change so subscribed calendars update.
    sequence    integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at)
);
CREATE INDEX track_meetings_track_idx ON track_meetings (track_id, starts_at);

-- The times a meeting had before it was moved, newest last.
CREATE TABLE track_meeting_moves (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id bigint NOT NULL REFERENCES track_meetings (id) ON DELETE CASCADE,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    moved_at   timestamptz NOT NULL DEFAULT now(),
    moved_by   bigint REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX track_meeting_moves_meeting_idx ON track_meeting_moves (meeting_id);

CREATE TABLE track_speakers (
    meeting_id  bigint NOT NULL REFERENCES track_meetings (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    name        text NOT NULL CHECK (name <> ''),
    affiliation text NOT NULL DEFAULT '',
    talk_title  text NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, position)
);

CREATE TABLE track_materials (
    meeting_id bigint NOT NULL REFERENCES track_meetings (id) ON DELETE CASCADE,
    position   integer NOT NULL,
    title      text NOT NULL CHECK (title <> ''),
    url        text NOT NULL,
    PRIMARY KEY (meeting_id, position)
);

CREATE TABLE track_attendance (
    meeting_id  bigint NOT NULL REFERENCES track_meetings (id) ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    recorded_by bigint REFERENCES users (id) ON DELETE SET NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, user_id)
);

-- +goose Down
DROP TABLE track_attendance;
DROP TABLE track_materials;
DROP TABLE track_speakers;
DROP TABLE track_meeting_moves;
DROP TABLE track_meetings;
DROP TABLE track_participants;
DROP TABLE track_coordinators;
DROP TABLE tracks;
