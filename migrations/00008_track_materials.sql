-- +goose Up
-- Files a track's coordinators upload as materials of a meeting (slides, notes,
-- typically after the meeting), beside the link materials in track_materials. The
-- files live in PostgreSQL like group documents, checked by internal/upload first.

CREATE TABLE track_material_files (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id   bigint NOT NULL REFERENCES track_meetings (id) ON DELETE CASCADE,
    title        text NOT NULL CHECK (title <> ''),
    filename     text NOT NULL CHECK (filename <> ''),
    content_type text NOT NULL,
    size         bigint NOT NULL CHECK (size >= 0),
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    data         bytea NOT NULL,
    uploaded_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- The same file twice at one meeting is pointed out to the uploader; the index
    -- also serves the lookups by meeting.
    CONSTRAINT track_material_files_meeting_sha256_key UNIQUE (meeting_id, sha256)
);
-- Stored out of line and uncompressed: PDFs, images and office files already are.
ALTER TABLE track_material_files ALTER COLUMN data SET STORAGE EXTERNAL;

-- +goose Down
DROP TABLE track_material_files;
