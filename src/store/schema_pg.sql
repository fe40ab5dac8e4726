-- tocsin event store schema, PostgreSQL edition: the same tables, columns, keys
-- and indexes as schema.sql (the contract; read the column comments there), in
-- PostgreSQL's types. Change the two together. Differences, all of type only:
--  - INTEGER PRIMARY KEY row ids are BIGINT; documents has its row id as a column
--    named rowid (SQLite's implicit one), which doc_fingerprints.doc_rowid refers to;
--    the writer holding the write lock gives ids (max + 1, as SQLite does);
--  - text is COLLATE "C" so that ORDER BY sorts by bytes, as SQLite does;
--  - REAL is DOUBLE PRECISION, BLOB is BYTEA.
-- Writers create it under the store's advisory lock (src/store/backend_pg.c).

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value TEXT COLLATE "C"
);

CREATE TABLE IF NOT EXISTS documents (
    doc_id     TEXT COLLATE "C" PRIMARY KEY,
    date       TEXT COLLATE "C" NOT NULL,
    source     TEXT COLLATE "C",
    url        TEXT COLLATE "C",
    title      TEXT COLLATE "C",
    hash       TEXT COLLATE "C" NOT NULL,
    story_id   BIGINT NOT NULL,
    n_sentences INTEGER NOT NULL DEFAULT 0,
    ingested_at TEXT COLLATE "C" NOT NULL,
    rowid      BIGINT NOT NULL UNIQUE
);

CREATE TABLE IF NOT EXISTS stories (
    story_id   BIGINT PRIMARY KEY,
    first_doc  TEXT COLLATE "C" NOT NULL,
    first_date TEXT COLLATE "C" NOT NULL,
    n_documents INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE IF NOT EXISTS events (
    event_id     BIGINT PRIMARY KEY,
    story_id     BIGINT NOT NULL,
    date         TEXT COLLATE "C" NOT NULL,
    source_code  TEXT COLLATE "C" NOT NULL,
    source_text  TEXT COLLATE "C",
    target_code  TEXT COLLATE "C" NOT NULL,
    target_text  TEXT COLLATE "C",
    code         TEXT COLLATE "C" NOT NULL,
    root         TEXT COLLATE "C" NOT NULL,
    quad_class   INTEGER NOT NULL,
    goldstein    DOUBLE PRECISION NOT NULL,
    verb_text    TEXT COLLATE "C",
    sentence     TEXT COLLATE "C" NOT NULL,
    first_doc    TEXT COLLATE "C" NOT NULL,
    n_mentions   INTEGER NOT NULL DEFAULT 1,
    n_sources    INTEGER NOT NULL DEFAULT 1,
    n_articles   INTEGER NOT NULL DEFAULT 1,
    UNIQUE (story_id, date, source_code, target_code, code)
);

CREATE TABLE IF NOT EXISTS mentions (
    event_id   BIGINT NOT NULL REFERENCES events(event_id),
    doc_id     TEXT COLLATE "C" NOT NULL REFERENCES documents(doc_id),
    sentence_no INTEGER NOT NULL,
    sentence   TEXT COLLATE "C" NOT NULL,
    source_match TEXT COLLATE "C",
    target_match TEXT COLLATE "C",
    date       TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (event_id, doc_id, sentence_no)
);

-- the coder's confidence of each mention (schema.sql, mention_confidence; added by h-acc)
CREATE TABLE IF NOT EXISTS mention_confidence (
    event_id    BIGINT NOT NULL,
    doc_id      TEXT COLLATE "C" NOT NULL,
    sentence_no INTEGER NOT NULL,
    confidence  INTEGER NOT NULL,
    PRIMARY KEY (event_id, doc_id, sentence_no)
);

CREATE TABLE IF NOT EXISTS doc_extra (
    doc_id     TEXT COLLATE "C" PRIMARY KEY REFERENCES documents(doc_id),
    text_len   INTEGER NOT NULL,
    source_key TEXT COLLATE "C" NOT NULL
);

CREATE TABLE IF NOT EXISTS doc_fingerprints (
    doc_rowid BIGINT PRIMARY KEY,
    day      INTEGER NOT NULL,
    story_id BIGINT NOT NULL,
    fp       BYTEA NOT NULL
);

-- Where each event happened and where its actors are (src/geo): see schema.sql.
CREATE TABLE IF NOT EXISTS event_geo (
    event_id        BIGINT PRIMARY KEY REFERENCES events(event_id),
    action_type     INTEGER NOT NULL,
    action_name     TEXT,
    action_country  TEXT,
    action_lat      DOUBLE PRECISION,
    action_lon      DOUBLE PRECISION,
    action_geonameid BIGINT,
    gdelt_actor1    TEXT NOT NULL,
    gdelt_actor2    TEXT NOT NULL,
    gdelt_action    TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS documents_story ON documents(story_id);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_dyad ON events(source_code, target_code, date);
CREATE INDEX IF NOT EXISTS events_country_dyad ON events(substr(source_code,1,3), substr(target_code,1,3), date);
CREATE INDEX IF NOT EXISTS events_root ON events(root, date);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);
CREATE INDEX IF NOT EXISTS fingerprints_day ON doc_fingerprints(day);
