-- Norwegian Bokmål (nb) is the fourth interface language: a user may choose it for
-- the pages and the mails Spor sends them.

-- +goose Up
ALTER TABLE users DROP CONSTRAINT users_lang_check;
ALTER TABLE users ADD CONSTRAINT users_lang_check CHECK (lang IN ('da', 'sv', 'en', 'nb'));

-- +goose Down
UPDATE users SET lang = 'da' WHERE lang = 'nb';
ALTER TABLE users DROP CONSTRAINT users_lang_check;
ALTER TABLE users ADD CONSTRAINT users_lang_check CHECK (lang IN ('da', 'sv', 'en'));
