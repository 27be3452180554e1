-- +goose Up
-- Full-text search (internal/search).
--
-- Design: a generated tsvector column on each searched table, with a GIN index,
-- rather than one search table kept by triggers. The vector is a pure function of
-- its own row, so it can never be stale and needs no trigger code; what a visitor
-- may see (group visibility, staff-only events and contacts, scheduled news, draft
-- events, unpublished tracks) is decided at query time by joining the parent rows
-- with the same conditions the list pages use, so hiding a group hides its news,
-- documents and contacts at once without rewriting any index rows. The price is a
-- UNION ALL over seven small index scans per search instead of one.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Text-search configurations that strip accents before stemming, so "Malmö" and
-- "Malmo", "café" and "cafe" meet, and ts_headline marks the accented word too.
-- Danish and Swedish letters are folded the same way on both sides (index and query).
CREATE TEXT SEARCH CONFIGURATION spor_da (COPY = danish);
ALTER TEXT SEARCH CONFIGURATION spor_da ALTER MAPPING FOR hword, hword_part, word WITH unaccent, danish_stem;
CREATE TEXT SEARCH CONFIGURATION spor_sv (COPY = swedish);
ALTER TEXT SEARCH CONFIGURATION spor_sv ALTER MAPPING FOR hword, hword_part, word WITH unaccent, swedish_stem;
CREATE TEXT SEARCH CONFIGURATION spor_en (COPY = english);
ALTER TEXT SEARCH CONFIGURATION spor_en ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
CREATE TEXT SEARCH CONFIGURATION spor_simple (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION spor_simple ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

-- spor_tsconfig is the configuration for a content language (nb, fi: no stemming).
-- Names inside these functions are schema-qualified: pg_restore runs with an empty
-- search_path, and the generated columns call them while the tables are restored.
-- IMMUTABLE is a promise PostgreSQL cannot check: it holds as long as the
-- configurations above are not redefined (a migration that does must rebuild the
-- columns below).
-- +goose StatementBegin
CREATE FUNCTION spor_tsconfig(lang text) RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE lang WHEN 'da' THEN 'public.spor_da'::regconfig WHEN 'sv' THEN 'public.spor_sv'::regconfig
        WHEN 'en' THEN 'public.spor_en'::regconfig ELSE 'public.spor_simple'::regconfig END
$$;
-- +goose StatementEnd

-- spor_tsv indexes text twice: stemmed in the record's language, and word for word
-- (simple), so a query in another language still finds exact words and names.
-- +goose StatementBegin
CREATE FUNCTION spor_tsv(lang text, weight "char", body text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector(public.spor_tsconfig(lang), coalesce(body, '')), weight)
        || setweight(to_tsvector('public.spor_simple'::regconfig, coalesce(body, '')), weight)
$$;
-- +goose StatementEnd

-- spor_unaccent is unaccent() declared IMMUTABLE (unaccent itself is only STABLE,
-- because its dictionary could change), for the trigram index on titles that the
-- "did you mean" suggestion uses.
-- +goose StatementBegin
CREATE FUNCTION spor_unaccent(body text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT lower(public.unaccent('public.unaccent'::regdictionary, body))
$$;
-- +goose StatementEnd

-- Weights: title A, summary (or place, role, description) B, body C.
ALTER TABLE groups ADD COLUMN search tsvector GENERATED ALWAYS AS
    (spor_tsv(lang, 'A', title) || spor_tsv(lang, 'B', summary) || spor_tsv(lang, 'C', body_md)) STORED;
ALTER TABLE news ADD COLUMN search tsvector GENERATED ALWAYS AS
    (spor_tsv(lang, 'A', title) || spor_tsv(lang, 'C', body_md)) STORED;
ALTER TABLE documents ADD COLUMN search tsvector GENERATED ALWAYS AS
    (spor_tsv(lang, 'A', title) || spor_tsv(lang, 'B', description)) STORED;
ALTER TABLE contacts ADD COLUMN search tsvector GENERATED ALWAYS AS
    (spor_tsv('simple', 'A', name) || spor_tsv('simple', 'B', role)) STORED;
ALTER TABLE events ADD COLUMN search tsvector GENERATED ALWAYS AS
    (spor_tsv(lang, 'A', title) || spor_tsv(lang, 'B', place) || spor_tsv(lang, 'C', description_md)) STORED;
ALTER TABLE tracks ADD COLUMN search tsvector GENERATED ALWAYS AS
    (spor_tsv(lang, 'A', title) || spor_tsv(lang, 'B', summary) || spor_tsv(lang, 'B', audience) || spor_tsv(lang, 'C', prework_md)) STORED;
-- Meetings have no language of their own (their track has): a generated column can
-- read only its own row, so they are indexed word for word.
ALTER TABLE track_meetings ADD COLUMN search tsvector GENERATED ALWAYS AS
    (spor_tsv('simple', 'A', title) || spor_tsv('simple', 'B', place) || spor_tsv('simple', 'C', description)) STORED;

CREATE INDEX groups_search_idx ON groups USING gin (search);
CREATE INDEX news_search_idx ON news USING gin (search);
CREATE INDEX documents_search_idx ON documents USING gin (search);
CREATE INDEX contacts_search_idx ON contacts USING gin (search);
CREATE INDEX events_search_idx ON events USING gin (search);
CREATE INDEX tracks_search_idx ON tracks USING gin (search);
CREATE INDEX track_meetings_search_idx ON track_meetings USING gin (search);

-- Trigram indexes on titles for "did you mean" (word_similarity, <% operator).
CREATE INDEX groups_title_trgm_idx ON groups USING gin (spor_unaccent(title) gin_trgm_ops);
CREATE INDEX news_title_trgm_idx ON news USING gin (spor_unaccent(title) gin_trgm_ops);
CREATE INDEX documents_title_trgm_idx ON documents USING gin (spor_unaccent(title) gin_trgm_ops);
CREATE INDEX events_title_trgm_idx ON events USING gin (spor_unaccent(title) gin_trgm_ops);
CREATE INDEX tracks_title_trgm_idx ON tracks USING gin (spor_unaccent(title) gin_trgm_ops);
CREATE INDEX track_meetings_title_trgm_idx ON track_meetings USING gin (spor_unaccent(title) gin_trgm_ops);

-- +goose Down
DROP INDEX track_meetings_title_trgm_idx, tracks_title_trgm_idx, events_title_trgm_idx,
    documents_title_trgm_idx, news_title_trgm_idx, groups_title_trgm_idx;
ALTER TABLE track_meetings DROP COLUMN search;
ALTER TABLE tracks DROP COLUMN search;
ALTER TABLE events DROP COLUMN search;
ALTER TABLE contacts DROP COLUMN search;
ALTER TABLE documents DROP COLUMN search;
ALTER TABLE news DROP COLUMN search;
ALTER TABLE groups DROP COLUMN search;
DROP FUNCTION spor_unaccent(text);
DROP FUNCTION spor_tsv(text, "char", text);
DROP FUNCTION spor_tsconfig(text);
DROP TEXT SEARCH CONFIGURATION spor_simple;
DROP TEXT SEARCH CONFIGURATION spor_en;
DROP TEXT SEARCH CONFIGURATION spor_sv;
DROP TEXT SEARCH CONFIGURATION spor_da;
DROP EXTENSION pg_trgm;
DROP EXTENSION unaccent;
