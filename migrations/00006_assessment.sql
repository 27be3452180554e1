-- +goose Up
-- The digital-competence self-assessment. The instrument is reference data stored as
-- versions: a later version adds new statement rows and never edits old ones, and an
-- answer points at the statement row it answered, so past results keep their meaning.

CREATE TABLE assessment_versions (
    id           integer PRIMARY KEY CHECK (id > 0),
    name         text NOT NULL CHECK (name <> ''),
    published_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE assessment_statements (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id integer NOT NULL REFERENCES assessment_versions (id),
    position   smallint NOT NULL CHECK (position BETWEEN 1 AND 24),
    area       text NOT NULL CHECK (area IN ('information', 'communication', 'content', 'safety', 'problem_solving')),
    text_da    text NOT NULL CHECK (text_da <> ''),
    text_sv    text NOT NULL CHECK (text_sv <> ''),
    text_en    text NOT NULL CHECK (text_en <> ''),
    CONSTRAINT assessment_statements_position_key UNIQUE (version_id, position)
);

CREATE TABLE assessment_attempts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    version_id   integer NOT NULL REFERENCES assessment_versions (id),
    started_at   timestamptz NOT NULL,
    completed_at timestamptz NOT NULL DEFAULT now(),
    CHECK (completed_at >= started_at)
);
CREATE INDEX assessment_attempts_user_idx ON assessment_attempts (user_id, completed_at);
CREATE INDEX assessment_attempts_completed_idx ON assessment_attempts (completed_at);

CREATE TABLE assessment_answers (
    attempt_id   bigint NOT NULL REFERENCES assessment_attempts (id) ON DELETE CASCADE,
    statement_id bigint NOT NULL REFERENCES assessment_statements (id),
    value        smallint NOT NULL CHECK (value BETWEEN 1 AND 7),
    PRIMARY KEY (attempt_id, statement_id)
);

-- One unfinished attempt per user: statement id -> value, saved as they go.
CREATE TABLE assessment_drafts (
    user_id    bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    version_id integer NOT NULL REFERENCES assessment_versions (id),
    answers    jsonb NOT NULL DEFAULT '{}',
    started_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Learning material suggested for an area a person rates low.
CREATE TABLE assessment_resources (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title            text NOT NULL CHECK (title <> ''),
    url              text NOT NULL CHECK (url ~ '^https?://'),
    kind             text NOT NULL CHECK (kind IN ('course', 'video', 'podcast')),
    duration_minutes integer NOT NULL CHECK (duration_minutes > 0),
    lang             text NOT NULL CHECK (lang IN ('da', 'sv', 'nb', 'fi', 'en')),
    area             text NOT NULL CHECK (area IN ('information', 'communication', 'content', 'safety', 'problem_solving'))
);

-- Which organisations take part in a programme (for programme-wide aggregates).
CREATE TABLE programme_organisations (
    programme_id    bigint NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    organisation_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    PRIMARY KEY (programme_id, organisation_id)
);
CREATE INDEX programme_organisations_org_idx ON programme_organisations (organisation_id);

-- The level an organisation or a programme aims for in each area.
CREATE TABLE assessment_targets (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id bigint REFERENCES organisations (id) ON DELETE CASCADE,
    programme_id    bigint REFERENCES programmes (id) ON DELETE CASCADE,
    area            text NOT NULL CHECK (area IN ('information', 'communication', 'content', 'safety', 'problem_solving')),
    level           numeric(2,1) NOT NULL CHECK (level BETWEEN 1 AND 7),
    updated_by      bigint REFERENCES users (id) ON DELETE SET NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((organisation_id IS NULL) <> (programme_id IS NULL))
);
CREATE UNIQUE INDEX assessment_targets_org_key ON assessment_targets (organisation_id, area) WHERE organisation_id IS NOT NULL;
CREATE UNIQUE INDEX assessment_targets_programme_key ON assessment_targets (programme_id, area) WHERE programme_id IS NOT NULL;

INSERT INTO assessment_versions (id, name, published_at) VALUES (1, 'Spor 2026', '2026-01-01T00:00:00Z');

INSERT INTO assessment_statements (version_id, position, area, text_da, text_sv, text_en) VALUES
(1, 1, 'information',
 'Jeg kan hjælpe en låner med at finde pålidelig information om et sundhedsspørgsmål i bibliotekets databaser.',
 'Jag kan hjälpa en låntagare att hitta tillförlitlig information om en hälsofråga i bibliotekets databaser.',
 'I can help a patron find reliable information about a health question in the library''s databases.'),
(1, 2, 'information',
 'Jeg kan vurdere, om en nyhedskilde eller et websted er troværdigt, og forklare en låner hvorfor.',
 'Jag kan bedöma om en nyhetskälla eller en webbplats är trovärdig och förklara för en låntagare varför.',
 'I can judge whether a news source or a website is trustworthy and explain to a patron why.'),
(1, 3, 'information',
 'Jeg kan vise en låner, hvordan man søger i katalog og nationale baser med søgeord og afgrænsninger.',
 'Jag kan visa en låntagare hur man söker i katalogen och nationella databaser med sökord och avgränsningar.',
 'I can show a patron how to search the catalogue and national databases with search terms and filters.'),
(1, 4, 'information',
 'Jeg kan hjælpe en låner med at ordne og gemme sine digitale filer, fx i en skytjeneste.',
 'Jag kan hjälpa en låntagare att ordna och spara sina digitala filer, till exempel i en molntjänst.',
 'I can help a patron organise and keep their digital files, for example in a cloud service.'),
(1, 5, 'information',
 'Jeg kan forklare, hvordan søgemaskiner og sociale medier vælger, hvad man får vist.',
 'Jag kan förklara hur sökmotorer och sociala medier väljer vad man får se.',
 'I can explain how search engines and social media choose what people are shown.'),
(1, 6, 'communication',
 'Jeg kan hjælpe en låner med at logge på en offentlig selvbetjening med MitID.',
 'Jag kan hjälpa en låntagare att logga in i en e-tjänst från en myndighet med BankID.',
 'I can help a patron log in to a public self-service site with their e-ID (MitID, BankID).'),
(1, 7, 'communication',
 'Jeg kan hjælpe en låner med at starte og deltage i et videoopkald med familie eller en myndighed.',
 'Jag kan hjälpa en låntagare att starta och delta i ett videosamtal med familjen eller en myndighet.',
 'I can help a patron set up and join a video call with family or a public authority.'),
(1, 8, 'communication',
 'Jeg bruger delte dokumenter og chat til at samarbejde med kolleger på andre biblioteker.',
 'Jag använder delade dokument och chatt för att samarbeta med kollegor på andra bibliotek.',
 'I use shared documents and chat to work with colleagues in other libraries.'),
(1, 9, 'communication',
 'Jeg kan vejlede en låner i at læse og sende Digital Post sikkert.',
 'Jag kan vägleda en låntagare att läsa och skicka digital brevlåda-post (till exempel Kivra) på ett säkert sätt.',
 'I can guide a patron in reading and sending secure digital mail from public authorities.'),
(1, 10, 'communication',
 'Jeg kan formidle bibliotekets arrangementer på sociale medier, så det passer til målgruppen.',
 'Jag kan sprida bibliotekets evenemang i sociala medier på ett sätt som passar målgruppen.',
 'I can present the library''s events on social media in a way that suits the audience.'),
(1, 11, 'content',
 'Jeg kan optage og redigere en kort video, der præsenterer en bog eller et af bibliotekets tilbud.',
 'Jag kan spela in och redigera en kort video som presenterar en bok eller en av bibliotekets tjänster.',
 'I can record and edit a short video presenting a book or one of the library''s services.'),
(1, 12, 'content',
 'Jeg kan lave en plakat eller en enkel webside med tekst og billeder til et arrangement.',
 'Jag kan göra en affisch eller en enkel webbsida med text och bilder till ett evenemang.',
 'I can make a poster or a simple web page with text and pictures for an event.'),
(1, 13, 'content',
 'Jeg kan forklare ophavsret og Creative Commons-licenser for en låner, der vil genbruge billeder.',
 'Jag kan förklara upphovsrätt och Creative Commons-licenser för en låntagare som vill återanvända bilder.',
 'I can explain copyright and Creative Commons licences to a patron who wants to reuse pictures.'),
(1, 14, 'content',
 'Jeg kan hjælpe børn og unge i gang med enkel programmering eller en makeraktivitet.',
 'Jag kan hjälpa barn och unga att komma i gång med enkel programmering eller en makeraktivitet.',
 'I can help children and young people get started with simple programming or a maker activity.'),
(1, 15, 'content',
 'Jeg kan gøre digitalt materiale tilgængeligt, fx med alternativ tekst og undertekster.',
 'Jag kan göra digitalt material tillgängligt, till exempel med alternativtext och undertexter.',
 'I can make digital material accessible, for example with alternative text and captions.'),
(1, 16, 'safety',
 'Jeg kan beskytte lånernes personoplysninger, når jeg hjælper dem ved en offentlig computer.',
 'Jag kan skydda låntagarnas personuppgifter när jag hjälper dem vid en publik dator.',
 'I can protect patrons'' personal data when I help them at a public computer.'),
(1, 17, 'safety',
 'Jeg kan genkende en phishingmail eller en svindel-sms og hjælpe en låner med at undgå den.',
 'Jag kan känna igen ett nätfiskemejl eller ett bedrägeri-sms och hjälpa en låntagare att undvika det.',
 'I can recognise a phishing email or a scam text message and help a patron avoid it.'),
(1, 18, 'safety',
 'Jeg kan rådgive en låner om stærke adgangskoder og totrinsbekræftelse.',
 'Jag kan ge en låntagare råd om starka lösenord och tvåstegsverifiering.',
 'I can advise a patron on strong passwords and two-step verification.'),
(1, 19, 'safety',
 'Jeg kan forklare, hvordan man ændrer privatlivsindstillinger på en telefon eller en profil på sociale medier.',
 'Jag kan förklara hur man ändrar integritetsinställningar i en telefon eller ett konto i sociala medier.',
 'I can explain how to change the privacy settings of a phone or a social media account.'),
(1, 20, 'safety',
 'Jeg kan tale med lånere om sunde skærmvaner og digital trivsel.',
 'Jag kan prata med låntagare om sunda skärmvanor och digitalt välbefinnande.',
 'I can talk with patrons about healthy screen habits and digital wellbeing.'),
(1, 21, 'problem_solving',
 'Jeg kan finde fejlen, når en selvbetjeningsautomat til udlån og aflevering holder op med at virke.',
 'Jag kan felsöka en självbetjäningsautomat för lån och återlämning när den slutar fungera.',
 'I can troubleshoot a self-service machine for loans and returns when it stops working.'),
(1, 22, 'problem_solving',
 'Jeg kan hjælpe en låner med at koble sin egen telefon eller computer til bibliotekets wifi og printer.',
 'Jag kan hjälpa en låntagare att koppla sin egen telefon eller dator till bibliotekets wifi och skrivare.',
 'I can help a patron connect their own phone or laptop to the library''s wifi and printer.'),
(1, 23, 'problem_solving',
 'Jeg kan finde et digitalt værktøj eller en app, der løser en låners praktiske problem.',
 'Jag kan hitta ett digitalt verktyg eller en app som löser en låntagares praktiska problem.',
 'I can find a digital tool or an app that solves a patron''s practical problem.'),
(1, 24, 'problem_solving',
 'Jeg kan se, hvor mine egne digitale kompetencer slår til, og finde måder at lære mere på.',
 'Jag kan se var mina egna digitala kompetenser brister och hitta sätt att lära mig mer.',
 'I can see where my own digital skills fall short and find ways to learn more.');

INSERT INTO assessment_resources (title, url, kind, duration_minutes, lang, area) VALUES
('Kildekritik i praksis', 'https://www.kb.dk/', 'course', 90, 'da', 'information'),
('Källkritik för bibliotekarier', 'https://digiteket.se/', 'course', 120, 'sv', 'information'),
('Searching smarter: databases for patrons', 'https://mydigiskills.eu/', 'video', 25, 'en', 'information'),
('Hjælp til MitID ved skranken', 'https://www.digst.dk/', 'video', 20, 'da', 'communication'),
('BankID och e-tjänster – så hjälper du besökaren', 'https://digiteket.se/', 'video', 30, 'sv', 'communication'),
('Bibliotekets sociale medier', 'https://www.kb.dk/', 'podcast', 40, 'da', 'communication'),
('Lav en bogvideo på mobilen', 'https://www.kb.dk/', 'course', 75, 'da', 'content'),
('Tillgängligt digitalt material', 'https://digiteket.se/', 'podcast', 35, 'sv', 'content'),
('Creative Commons explained', 'https://creativecommons.org/', 'video', 15, 'en', 'content'),
('Tænk sikkerhed ved de offentlige pc''er', 'https://www.sikkerdigital.dk/', 'course', 60, 'da', 'safety'),
('Bedrägerier på nätet – känn igen och förebygg', 'https://digiteket.se/', 'podcast', 45, 'sv', 'safety'),
('Passwords and two-step verification for patrons', 'https://mydigiskills.eu/', 'video', 20, 'en', 'safety'),
('Att leda digital transformation', 'https://digiteket.se/', 'course', 630, 'sv', 'problem_solving'),
('Når automaten driller: fejlfinding for personale', 'https://www.kb.dk/', 'video', 30, 'da', 'problem_solving'),
('Din egen digitale læringsplan', 'https://www.kb.dk/', 'podcast', 30, 'da', 'problem_solving');

-- +goose Down
DROP TABLE assessment_targets;
DROP TABLE programme_organisations;
DROP TABLE assessment_resources;
DROP TABLE assessment_drafts;
DROP TABLE assessment_answers;
DROP TABLE assessment_attempts;
DROP TABLE assessment_statements;
DROP TABLE assessment_versions;
