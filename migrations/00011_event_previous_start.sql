-- +goose Up
-- The start an event had before its latest move, for schema.org's EventRescheduled
-- with previousStartDate. NULL: never moved. Set by the update that changes the start.
ALTER TABLE events ADD COLUMN previous_starts_at timestamptz;

-- +goose Down
ALTER TABLE events DROP COLUMN previous_starts_at;
