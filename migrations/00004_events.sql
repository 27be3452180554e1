-- +goose Up
-- Events of a group, and the registrations for them. A registration's id is its
-- arrival order: every insert for one event happens while the event row is locked
-- (SELECT ... FOR UPDATE), so ids of one event increase in the order the database
-- decided, and the waitlist is ordered by id.

CREATE TABLE events (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_id            bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    title               text NOT NULL CHECK (title <> ''),
    description_md      text NOT NULL DEFAULT '',
    description_html    text NOT NULL DEFAULT '',
    starts_at           timestamptz NOT NULL,
    ends_at             timestamptz NOT NULL,
    zone                text NOT NULL CHECK (zone IN ('Europe/Copenhagen', 'Europe/Stockholm', 'Europe/Oslo', 'Europe/Helsinki')),
    all_day             boolean NOT NULL DEFAULT false,
    place               text NOT NULL DEFAULT '',
    online_url          text NOT NULL DEFAULT '',
    lang                text NOT NULL DEFAULT 'da' CHECK (lang IN ('da', 'sv', 'nb', 'fi', 'en')),
    audience            text NOT NULL DEFAULT 'public' CHECK (audience IN ('public', 'staff')),
    status              text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
    capacity            integer CHECK (capacity IS NULL OR capacity > 0),
    registration_opens  timestamptz,
    registration_closes timestamptz,
    org_cap             integer CHECK (org_cap IS NULL OR org_cap > 0),
    -- iCalendar SEQUENCE: raised by every update, so subscribed calendars take the change.
    sequence            integer NOT NULL DEFAULT 0,
    created_by          bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at >= starts_at),
    CHECK (registration_closes IS NULL OR registration_opens IS NULL OR registration_closes > registration_opens)
);
CREATE INDEX events_group_idx ON events (group_id, starts_at);
CREATE INDEX events_upcoming_idx ON events (ends_at) WHERE status <> 'draft';

CREATE TABLE event_registrations (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id         bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- the organisation the place counts against, as it was when registering
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    status          text NOT NULL CHECK (status IN ('confirmed', 'waitlisted')),
    attended        boolean,
    registered_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    confirmed_at    timestamptz,
    CONSTRAINT event_registrations_event_user_key UNIQUE (event_id, user_id)
);
CREATE INDEX event_registrations_event_idx ON event_registrations (event_id, status, id);
CREATE INDEX event_registrations_user_idx ON event_registrations (user_id);

-- +goose Down
DROP TABLE event_registrations;
DROP TABLE events;
