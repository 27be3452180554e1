-- Notifications: three follow settings per followed group, the digest frequency,
-- reminder lead times per event and track, and the reminders already sent.

-- +goose Up
ALTER TABLE group_followers
    ADD COLUMN IF NOT EXISTS show_on_page boolean NOT NULL DEFAULT true,
    ADD COLUMN IF NOT EXISTS in_digest    boolean NOT NULL DEFAULT true,
    ADD COLUMN IF NOT EXISTS at_once      boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN IF NOT EXISTS digest_frequency text NOT NULL DEFAULT 'weekly'
    CHECK (digest_frequency IN ('daily', 'weekly', 'never'));
ALTER TABLE users ADD COLUMN IF NOT EXISTS reminders boolean NOT NULL DEFAULT true;
-- Days before the start a reminder goes (1 = 24 hours); 0 sends none.
ALTER TABLE events ADD COLUMN IF NOT EXISTS remind_days smallint NOT NULL DEFAULT 1 CHECK (remind_days BETWEEN 0 AND 7);
ALTER TABLE tracks ADD COLUMN IF NOT EXISTS remind_days smallint NOT NULL DEFAULT 1 CHECK (remind_days BETWEEN 0 AND 7);
-- One row per reminder enqueued. The key includes the start time: a moved event
-- gets a reminder for its new time, and never a second one for the same time,
-- however many instances run the job and however often they restart (the queue's
-- own unique keys are pruned with the finished jobs).
CREATE TABLE reminders_sent (
    kind       text NOT NULL CHECK (kind IN ('event', 'meeting')),
    ref        bigint NOT NULL,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    starts_at  timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, ref, user_id, starts_at)
);
CREATE INDEX reminders_sent_created_idx ON reminders_sent (created_at);
-- Digests: one row per person and period ('d2026-11-30', 'w2026-49'), so a period's
-- digest goes once; digest_since is where the next digest's news begin, so a
-- change of frequency leaves neither a gap nor a repeat.
ALTER TABLE users ADD COLUMN IF NOT EXISTS digest_since timestamptz;
CREATE TABLE digests_sent (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    period  text NOT NULL,
    sent_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, period)
);
-- The key that signs unsubscribe links: made once, shared by every instance.
CREATE TABLE notify_key (
    id  integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    key text NOT NULL DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')
);
INSERT INTO notify_key DEFAULT VALUES;
-- Mails about an event or a meeting, as sent, for its coordinators' list (the
-- queue's own rows are deleted a day after sending).
CREATE TABLE mail_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_kind text NOT NULL,
    record_id   bigint NOT NULL,
    type        text NOT NULL,
    recipient   text NOT NULL,
    sent_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_log_record_idx ON mail_log (record_kind, record_id, sent_at DESC);

-- +goose Down
DROP TABLE IF EXISTS mail_log;
DROP TABLE IF EXISTS notify_key;
DROP TABLE IF EXISTS digests_sent;
ALTER TABLE users DROP COLUMN IF EXISTS digest_since;
DROP TABLE IF EXISTS reminders_sent;
ALTER TABLE tracks DROP COLUMN IF EXISTS remind_days;
ALTER TABLE events DROP COLUMN IF EXISTS remind_days;
ALTER TABLE users DROP COLUMN IF EXISTS reminders, DROP COLUMN IF EXISTS digest_frequency;
ALTER TABLE group_followers DROP COLUMN IF EXISTS at_once, DROP COLUMN IF EXISTS in_digest, DROP COLUMN IF EXISTS show_on_page;
