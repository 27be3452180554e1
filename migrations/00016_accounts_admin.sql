-- Account administration without mail (issue 15): organisations' email domains,
-- library contacts, and a user search that stays fast at national scale.

-- +goose Up

-- The domains whose addresses may sign up as staff of the organisation. The array
-- is what the application reads and writes; organisation_domains is kept equal to
-- it by a trigger in the same statement, and its primary key is what makes a domain
-- belong to at most one organisation (a unique index cannot look inside arrays,
-- and an exclusion constraint on && would need the btree_gist extension).
ALTER TABLE organisations ADD COLUMN IF NOT EXISTS email_domains text[] NOT NULL DEFAULT '{}';

CREATE TABLE organisation_domains (
    domain          text PRIMARY KEY CHECK (domain = lower(domain) AND domain ~ '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$' AND domain LIKE '%_._%'),
    organisation_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE
);
CREATE INDEX organisation_domains_org_idx ON organisation_domains (organisation_id);

-- +goose StatementBegin
CREATE FUNCTION organisation_domains_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM organisation_domains d
        WHERE d.organisation_id = NEW.id AND d.domain <> ALL (NEW.email_domains);
    END IF;
    -- A domain listed twice, or owned by another organisation, fails on the primary
    -- key (23505, organisation_domains_pkey) and rolls the whole change back.
    INSERT INTO organisation_domains (domain, organisation_id)
    SELECT x.domain, NEW.id FROM unnest(NEW.email_domains) AS x(domain)
    WHERE NOT EXISTS (SELECT 1 FROM organisation_domains d WHERE d.domain = x.domain AND d.organisation_id = NEW.id);
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER organisation_domains_sync AFTER INSERT OR UPDATE OF email_domains ON organisations
    FOR EACH ROW EXECUTE FUNCTION organisation_domains_sync();

-- Bring rows that already have domains (h15a's migration may have added the column
-- first) into the table, through the trigger.
UPDATE organisations SET email_domains = email_domains WHERE email_domains <> '{}';

-- A library contact may invite people of their own organisation.
ALTER TABLE users ADD COLUMN IF NOT EXISTS library_contact boolean NOT NULL DEFAULT false;

-- /manage/users searches name and email for any part (ILIKE '%...%'). Trigram GIN
-- indexes answer that without reading every user; pg_trgm ships with PostgreSQL
-- (a "trusted" extension since 13, so the database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX users_name_trgm_idx ON users USING gin (name gin_trgm_ops);
CREATE INDEX users_email_trgm_idx ON users USING gin (email gin_trgm_ops);
-- The unfiltered list is read in name order, one page at a time.
CREATE INDEX users_name_idx ON users (name, id);

-- +goose Down
DROP INDEX users_name_idx;
DROP INDEX users_email_trgm_idx;
DROP INDEX users_name_trgm_idx;
-- pg_trgm stays: other objects may have come to use it.
ALTER TABLE users DROP COLUMN IF EXISTS library_contact;
DROP TRIGGER organisation_domains_sync ON organisations;
DROP FUNCTION organisation_domains_sync();
DROP TABLE organisation_domains;
ALTER TABLE organisations DROP COLUMN IF EXISTS email_domains;
