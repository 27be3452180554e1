-- +goose Up

-- The audit log: who changed which record through /manage (and every admin action),
-- written by a trigger in the same transaction as the change. The acting user comes
-- from the session setting spor.actor, which the connection pool sets from the
-- request's context (database.WithActor) for /manage writes only; changes people
-- make to their own things (a follow, a registration) leave it unset and are not
-- logged. Only field names are kept, never values: a password change shows as
-- "password_hash", never the hash. actor_id has no foreign key, so the log outlives
-- an erased account (the number, not the name, stays: see privacy.Erase).
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_id    bigint,                 -- NULL: a system job (retention)
    action      text NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    record_kind text NOT NULL,
    record_id   text NOT NULL,
    fields      text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at DESC);
CREATE INDEX audit_log_kind_idx ON audit_log (record_kind, at DESC);

-- +goose StatementBegin
CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    actor   text := nullif(current_setting('spor.actor', true), '');
    rec     record;
    key     text := '';
    col     text;
    v       text;
    differs boolean;
    changed text[] := '{}';
BEGIN
    IF actor IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN rec := OLD; ELSE rec := NEW; END IF;
    -- The record's key: the columns named in the trigger's arguments.
    FOREACH col IN ARRAY TG_ARGV LOOP
        EXECUTE format('SELECT ($1).%I::text', col) INTO v USING rec;
        IF TG_NARGS = 1 THEN
            key := coalesce(v, '');
        ELSE
            key := key || CASE WHEN key = '' THEN '' ELSE ' ' END || col || '=' || coalesce(v, '');
        END IF;
    END LOOP;
    IF TG_OP = 'UPDATE' THEN
        -- Column by column, not through to_jsonb: a document's bytes would otherwise
        -- be copied into JSON on every edit of its title.
        FOR col IN SELECT attname FROM pg_attribute
                   WHERE attrelid = TG_RELID AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
                     AND attname NOT IN ('updated_at', 'search', 'last_seen_at', 'inactive_warned_at')
                   ORDER BY attnum LOOP
            EXECUTE format('SELECT ($1).%1$I IS DISTINCT FROM ($2).%1$I', col) INTO differs USING OLD, NEW;
            IF differs THEN
                changed := changed || col;
            END IF;
        END LOOP;
        IF cardinality(changed) = 0 THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO audit_log (actor_id, action, record_kind, record_id, fields)
    VALUES (CASE WHEN actor = 'system' THEN NULL ELSE actor::bigint END, lower(TG_OP), TG_TABLE_NAME, key, changed);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('organisations', 'id'), ('users', 'id'), ('alerts', 'id'), ('programmes', 'id'),
        ('programme_organisations', 'programme_id,organisation_id'), ('groups', 'id'),
        ('group_coordinators', 'group_id,user_id'), ('group_followers', 'group_id,user_id'),
        ('contacts', 'id'), ('news', 'id'), ('documents', 'id'), ('events', 'id'),
        ('event_registrations', 'id'), ('tracks', 'id'), ('track_coordinators', 'track_id,user_id'),
        ('track_participants', 'track_id,user_id'), ('track_meetings', 'id'), ('track_meeting_moves', 'id'),
        ('track_speakers', 'meeting_id,position'), ('track_materials', 'meeting_id,position'),
        ('track_material_files', 'id'), ('track_attendance', 'meeting_id,user_id'),
        ('assessment_versions', 'id'), ('assessment_statements', 'id'), ('assessment_resources', 'id'),
        ('assessment_targets', 'id'), ('account_tokens', 'id')) AS x (tbl, keys)
    LOOP
        EXECUTE format('CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION audit_row(%s)',
            t.tbl, (SELECT string_agg(quote_literal(k), ', ') FROM unnest(string_to_array(t.keys, ',')) AS k));
    END LOOP;
END
$$;
-- +goose StatementEnd

-- Erasure and retention keep a confirmed registration without its person (user_id
-- NULL): an event's numbers, its organisations' quotas and the waitlist order of
-- others stay as they were (see privacy.Erase).
ALTER TABLE event_registrations ALTER COLUMN user_id DROP NOT NULL;

-- Track places and meeting attendance of erased people, as counts only.
CREATE TABLE anonymous_counts (
    kind      text NOT NULL CHECK (kind IN ('track_participants', 'track_attendance')),
    record_id bigint NOT NULL,  -- the track or the meeting
    n         integer NOT NULL CHECK (n > 0),
    PRIMARY KEY (kind, record_id)
);

-- When each account was last used, for the retention of inactive accounts: kept up
-- to date by the session store's writes (a login, and a visit at most every ten
-- minutes), at most once a day per account.
ALTER TABLE users ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE users ADD COLUMN inactive_warned_at timestamptz;
CREATE INDEX users_last_seen_idx ON users (last_seen_at);

-- +goose StatementBegin
CREATE FUNCTION sessions_touch_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users SET last_seen_at = now(), inactive_warned_at = NULL
    WHERE id = NEW.user_id AND last_seen_at < now() - interval '1 day';
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER sessions_touch_user AFTER INSERT OR UPDATE OF user_id, data ON sessions
    FOR EACH ROW WHEN (NEW.user_id IS NOT NULL) EXECUTE FUNCTION sessions_touch_user();

-- An admin who enables an account the retention job disabled gives it a fresh
-- start: otherwise the next run would disable it again at once.
-- +goose StatementBegin
CREATE FUNCTION users_enabled_fresh_start() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.inactive_warned_at := NULL;
    NEW.last_seen_at := now();
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER users_enabled_fresh_start BEFORE UPDATE OF disabled ON users
    FOR EACH ROW WHEN (OLD.disabled AND NOT NEW.disabled) EXECUTE FUNCTION users_enabled_fresh_start();

-- One row per day the retention job ran: the instance whose insert wins runs it,
-- so many instances purge once a day (privacy.RunDaily).
CREATE TABLE retention_runs (
    day         date PRIMARY KEY,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    report      jsonb
);

-- +goose Down
DROP TABLE retention_runs;
DROP TRIGGER users_enabled_fresh_start ON users;
DROP FUNCTION users_enabled_fresh_start();
DROP TRIGGER sessions_touch_user ON sessions;
DROP FUNCTION sessions_touch_user();
ALTER TABLE users DROP COLUMN inactive_warned_at;
ALTER TABLE users DROP COLUMN last_seen_at;
DROP TABLE anonymous_counts;
DELETE FROM event_registrations WHERE user_id IS NULL;
ALTER TABLE event_registrations ALTER COLUMN user_id SET NOT NULL;
-- +goose StatementBegin
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT event_object_table AS tbl FROM information_schema.triggers
             WHERE trigger_name = 'audit' AND trigger_schema = current_schema() GROUP BY 1 LOOP
        EXECUTE format('DROP TRIGGER audit ON %I', t.tbl);
    END LOOP;
END
$$;
-- +goose StatementEnd
DROP FUNCTION audit_row();
DROP TABLE audit_log;
