-- +goose Up
-- Indexes and one summary table found with `make bench` and EXPLAIN ANALYZE on the
-- national-scale dataset (README, Performance).

-- Follower counts skip disabled people. Counting "followers with no disabled user"
-- reads only group_followers' primary key and this tiny index (an anti-join), where
-- joining users read the whole users table once per counted group.
CREATE INDEX users_disabled_idx ON users (id) WHERE disabled;

-- "The next events": walk events in start order from the earliest start an event
-- still on can have (now minus the longest duration, read from the second index)
-- instead of sorting every event that has not ended.
CREATE INDEX events_starts_idx ON events (starts_at, id) WHERE status <> 'draft';
CREATE INDEX events_duration_idx ON events ((ends_at - starts_at)) WHERE status <> 'draft';

-- A group page shows its followers by organisation. Grouping 5,000 followers by
-- their organisation on every view cost 10 ms of database time; this table keeps
-- the counts (active users only), maintained by the triggers below in the same
-- transaction as the change, so it is never stale.
CREATE TABLE group_org_followers (
    group_id        bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    organisation_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    followers       integer NOT NULL CHECK (followers >= 0),
    PRIMARY KEY (group_id, organisation_id)
);

INSERT INTO group_org_followers (group_id, organisation_id, followers)
SELECT f.group_id, u.organisation_id, count(*)
FROM group_followers f JOIN users u ON u.id = f.user_id
WHERE NOT u.disabled
GROUP BY f.group_id, u.organisation_id;

-- A follow or unfollow counts for the follower's organisation. The user row is read
-- FOR SHARE, so a concurrent change of the user's organisation or disabled flag
-- waits for this transaction (and then counts this follow), or this one waits for
-- it (and counts the new organisation).
-- +goose StatementBegin
CREATE FUNCTION group_org_followers_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE group_org_followers c SET followers = c.followers - 1
        FROM (SELECT organisation_id FROM users WHERE id = OLD.user_id AND NOT disabled FOR SHARE) u
        WHERE c.group_id = OLD.group_id AND c.organisation_id = u.organisation_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO group_org_followers (group_id, organisation_id, followers)
        SELECT NEW.group_id, u.organisation_id, 1
        FROM (SELECT organisation_id FROM users WHERE id = NEW.user_id AND NOT disabled FOR SHARE) u
        ON CONFLICT (group_id, organisation_id) DO UPDATE SET followers = group_org_followers.followers + 1;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER group_org_followers_follow AFTER INSERT OR UPDATE OR DELETE ON group_followers
    FOR EACH ROW EXECUTE FUNCTION group_org_followers_follow();

-- A user who moves organisation, is disabled or enabled, or is deleted moves their
-- follows' counts. (Deletion is counted before the row goes: the cascade that then
-- deletes their follows finds no user and counts nothing.)
-- +goose StatementBegin
CREATE FUNCTION group_org_followers_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT OLD.disabled THEN
        UPDATE group_org_followers c SET followers = c.followers - 1
        FROM group_followers f
        WHERE f.user_id = OLD.id AND c.group_id = f.group_id AND c.organisation_id = OLD.organisation_id;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF NOT NEW.disabled THEN
            INSERT INTO group_org_followers (group_id, organisation_id, followers)
            SELECT f.group_id, NEW.organisation_id, 1 FROM group_followers f WHERE f.user_id = NEW.id
            ON CONFLICT (group_id, organisation_id) DO UPDATE SET followers = group_org_followers.followers + 1;
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END $$;
-- +goose StatementEnd

CREATE TRIGGER group_org_followers_user_update AFTER UPDATE OF organisation_id, disabled ON users
    FOR EACH ROW WHEN (OLD.organisation_id IS DISTINCT FROM NEW.organisation_id OR OLD.disabled IS DISTINCT FROM NEW.disabled)
    EXECUTE FUNCTION group_org_followers_user();
CREATE TRIGGER group_org_followers_user_delete BEFORE DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION group_org_followers_user();

-- +goose Down
DROP TRIGGER group_org_followers_user_delete ON users;
DROP TRIGGER group_org_followers_user_update ON users;
DROP TRIGGER group_org_followers_follow ON group_followers;
DROP FUNCTION group_org_followers_user();
DROP FUNCTION group_org_followers_follow();
DROP TABLE group_org_followers;
DROP INDEX events_duration_idx;
DROP INDEX events_starts_idx;
DROP INDEX users_disabled_idx;
