-- Norwegian Bokmål (nb) is the fourth interface language: a user, an invitation or a
-- sign-up may choose it for the pages and the mails Spor sends.

-- +goose Up
ALTER TABLE users DROP CONSTRAINT users_lang_check;
ALTER TABLE users ADD CONSTRAINT users_lang_check CHECK (lang IN ('da', 'sv', 'en', 'nb'));
ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_lang_check;
ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_lang_check CHECK (lang IN ('da', 'sv', 'en', 'nb'));

-- +goose Down
UPDATE users SET lang = 'da' WHERE lang = 'nb';
UPDATE account_tokens SET lang = 'da' WHERE lang = 'nb';
ALTER TABLE users DROP CONSTRAINT users_lang_check;
ALTER TABLE users ADD CONSTRAINT users_lang_check CHECK (lang IN ('da', 'sv', 'en'));
ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_lang_check;
ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_lang_check CHECK (lang IN ('da', 'sv', 'en'));
