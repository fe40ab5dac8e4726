-- tocsin event store schema (SQLite, WAL). This file is the contract between
-- the store (src/store), the exports, and the indicators/server (src/watch,
-- src/serve). Change it only together with all of them and the README.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);

-- One row per input document, idempotent by id.
CREATE TABLE IF NOT EXISTS documents (
    doc_id     TEXT PRIMARY KEY,
    date       TEXT NOT NULL,          -- publication date YYYY-MM-DD
    source     TEXT,                   -- publisher / outlet
    url        TEXT,
    title      TEXT,
    hash       TEXT NOT NULL,          -- content hash of the normalised text (hex)
    story_id   INTEGER NOT NULL,       -- cluster of copies this document belongs to
    n_sentences INTEGER NOT NULL DEFAULT 0,
    ingested_at TEXT NOT NULL
);

-- Clusters of documents that are copies of one story (verbatim, edited, spun).
CREATE TABLE IF NOT EXISTS stories (
    story_id   INTEGER PRIMARY KEY,
    first_doc  TEXT NOT NULL,          -- doc_id of the earliest document
    first_date TEXT NOT NULL,
    n_documents INTEGER NOT NULL DEFAULT 1
);

-- One row per distinct event of a story: the same (date, source, target, code)
-- reported by several copies of a story is one event with several mentions.
CREATE TABLE IF NOT EXISTS events (
    event_id     INTEGER PRIMARY KEY,  -- GDELT GlobalEventID
    story_id     INTEGER NOT NULL,
    date         TEXT NOT NULL,        -- event date YYYY-MM-DD
    source_code  TEXT NOT NULL,        -- CAMEO actor code, e.g. USAGOV
    source_text  TEXT,
    target_code  TEXT NOT NULL,
    target_text  TEXT,
    code         TEXT NOT NULL,        -- CAMEO event code
    root         TEXT NOT NULL,
    quad_class   INTEGER NOT NULL,
    goldstein    REAL NOT NULL,
    verb_text    TEXT,
    sentence     TEXT NOT NULL,        -- text of the first mention
    first_doc    TEXT NOT NULL,
    n_mentions   INTEGER NOT NULL DEFAULT 1,
    n_sources    INTEGER NOT NULL DEFAULT 1,
    n_articles   INTEGER NOT NULL DEFAULT 1,
    UNIQUE (story_id, date, source_code, target_code, code)
);

-- Every document and sentence that reported an event.
CREATE TABLE IF NOT EXISTS mentions (
    event_id   INTEGER NOT NULL REFERENCES events(event_id),
    doc_id     TEXT NOT NULL REFERENCES documents(doc_id),
    sentence_no INTEGER NOT NULL,      -- 1-based sentence number in the document
    sentence   TEXT NOT NULL,
    source_match TEXT,                 -- exact | fuzzy | title | pronoun
    target_match TEXT,
    date       TEXT NOT NULL,          -- publication date of the mentioning document
    PRIMARY KEY (event_id, doc_id, sentence_no)
);

-- ---- added by the store (additions only; the tables above are unchanged) ----

-- Length in characters of each document's text (GDELT MentionDocLen).
-- (Added as a separate table so databases built from the original contract stay valid.)
CREATE TABLE IF NOT EXISTS doc_extra (
    doc_id     TEXT PRIMARY KEY REFERENCES documents(doc_id),
    text_len   INTEGER NOT NULL,       -- characters (UTF-8 code points) of the body
    source_key TEXT NOT NULL           -- what counts as one "source" for NumSources:
                                       -- the source name, else the URL's host, else the doc_id
);

-- The near-duplicate fingerprint of every document (MinHash signature and anchor
-- sketches, see src/store/dedup.h), so an interrupted or incremental ingest rebuilds
-- its candidate index from the database instead of re-reading old inputs.
CREATE TABLE IF NOT EXISTS doc_fingerprints (
    doc_rowid INTEGER PRIMARY KEY,     -- documents.rowid (cheaper to append than a text key)
    day      INTEGER NOT NULL,         -- publication date as days since 1970-01-01
    story_id INTEGER NOT NULL,
    fp       BLOB NOT NULL
);

-- Where each event happened and where its actors are (src/geo), GDELT's three geo
-- blocks. gdelt_* hold the 8 tab-separated GDELT fields of a block (Type, FullName,
-- CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID) as `tocsin export --format
-- gdelt` writes them; action_* repeat ActionGeo with ISO codes for the dashboard's map.
-- No row: the event was stored without a gazetteer (GDELT's Type 0 blocks).
CREATE TABLE IF NOT EXISTS event_geo (
    event_id        INTEGER PRIMARY KEY REFERENCES events(event_id),
    action_type     INTEGER NOT NULL,  -- 0 none, 1 country, 2 US state, 3 US city, 4 world city, 5 world state
    action_name     TEXT,
    action_country  TEXT,              -- ISO 3166-1 alpha-2
    action_lat      REAL,
    action_lon      REAL,
    action_geonameid INTEGER,
    gdelt_actor1    TEXT NOT NULL,
    gdelt_actor2    TEXT NOT NULL,
    gdelt_action    TEXT NOT NULL
);

-- @indexes: everything below is created after a bulk load (tocsin ingest creates it
-- when it finishes; an incremental ingest into a database that has them keeps them).
CREATE INDEX IF NOT EXISTS documents_story ON documents(story_id);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_dyad ON events(source_code, target_code, date);
CREATE INDEX IF NOT EXISTS events_root ON events(root, date);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);
CREATE INDEX IF NOT EXISTS fingerprints_day ON doc_fingerprints(day);
