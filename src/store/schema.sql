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
    target_code  TEXT NOT NULL,        -- '' for a one-sided event (no target named)
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

-- The coder's confidence (0..100, README "Confidence") of each mention: GDELT's mentions
-- Confidence column. (A separate table, like doc_extra, so older stores stay valid.)
CREATE TABLE IF NOT EXISTS mention_confidence (
    event_id    INTEGER NOT NULL,
    doc_id      TEXT NOT NULL,
    sentence_no INTEGER NOT NULL,
    confidence  INTEGER NOT NULL,
    PRIMARY KEY (event_id, doc_id, sentence_no)
);

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

-- @aggregates: per-dyad, per-day sums of the events table, kept by the triggers below
-- in the same transaction as every insert, delete or update of an event (so every
-- writer keeps them, whatever process it is), for `tocsin watch` and the dashboard,
-- which read them instead of grouping millions of events per request. The watch's
-- own words: src/watch/README.md. `level` 0 is the country pair (the first three
-- letters of the actor codes), 1 the actor pair (the full codes). `stories` counts
-- distinct story_id, `hostile` the events with goldstein < 0, `hostile_stories` their
-- distinct stories. A store made before these tables is filled once when a writer
-- (or a reader that may write) opens it: the 'aggregates' row of meta says it is done.
SAVEPOINT tocsin_aggregates;
INSERT OR IGNORE INTO meta(key, value) VALUES ('aggregates', 'filling');
-- The dyad sums count only the events whose confidence (README "Confidence": that of the
-- event's first mention, mention_confidence; an event stored before confidences were kept
-- counts as 100) is at least meta 'watch_confidence' (90: below it the news gold's dev
-- events are right about their CAMEO root a third less often, src/watch/README.md).
-- event_days counts every event. A store whose aggregates were made before the threshold
-- (no 'watch_confidence' row) is refilled once; the triggers before it are replaced.
UPDATE meta SET value = 'filling' WHERE key = 'aggregates'
    AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'watch_confidence');
INSERT OR IGNORE INTO meta(key, value) VALUES ('watch_confidence', '90');
DROP TRIGGER IF EXISTS events_aggregates_insert;
DROP TRIGGER IF EXISTS events_aggregates_delete;
DROP TRIGGER IF EXISTS events_aggregates_update;

CREATE TABLE IF NOT EXISTS event_days (
    date    TEXT PRIMARY KEY,          -- events.date
    events  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS dyad_days (
    level   INTEGER NOT NULL,          -- 0 country pair, 1 actor pair
    source  TEXT NOT NULL,
    target  TEXT NOT NULL,
    date    TEXT NOT NULL,             -- events.date
    events  INTEGER NOT NULL,
    stories INTEGER NOT NULL,
    goldstein REAL NOT NULL,           -- sum
    q1 INTEGER NOT NULL, q2 INTEGER NOT NULL, q3 INTEGER NOT NULL, q4 INTEGER NOT NULL,
    hostile INTEGER NOT NULL,
    hostile_stories INTEGER NOT NULL,
    PRIMARY KEY (level, source, target, date)
) WITHOUT ROWID;

-- The same over all dates (stories are distinct across days, so not a sum of dyad_days).
CREATE TABLE IF NOT EXISTS dyad_totals (
    level   INTEGER NOT NULL,
    source  TEXT NOT NULL,
    target  TEXT NOT NULL,
    events  INTEGER NOT NULL,
    stories INTEGER NOT NULL,
    goldstein REAL NOT NULL,
    q1 INTEGER NOT NULL, q2 INTEGER NOT NULL, q3 INTEGER NOT NULL, q4 INTEGER NOT NULL,
    first_date TEXT NOT NULL,
    last_date  TEXT NOT NULL,
    PRIMARY KEY (level, source, target)
) WITHOUT ROWID;

-- The events the dyad sums count (the 'watch_confidence' threshold above).
CREATE VIEW IF NOT EXISTS watched_events AS SELECT * FROM events e WHERE coalesce((SELECT c.confidence FROM mention_confidence c WHERE c.event_id = e.event_id AND c.doc_id = e.first_doc ORDER BY c.sentence_no LIMIT 1), 100) >= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'watch_confidence');

-- Filling a store made before these tables or before the threshold (does nothing once
-- 'aggregates' is '1').
DELETE FROM event_days WHERE (SELECT value FROM meta WHERE key = 'aggregates') = 'filling';
DELETE FROM dyad_days WHERE (SELECT value FROM meta WHERE key = 'aggregates') = 'filling';
DELETE FROM dyad_totals WHERE (SELECT value FROM meta WHERE key = 'aggregates') = 'filling';
INSERT INTO event_days SELECT date, count(*) FROM events
    WHERE (SELECT value FROM meta WHERE key = 'aggregates') = 'filling' GROUP BY date;
INSERT INTO dyad_days SELECT 0, substr(source_code, 1, 3), substr(target_code, 1, 3), date, count(*), count(DISTINCT story_id),
    total(goldstein), sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3),
    sum(quad_class = 4), sum(goldstein < 0), count(DISTINCT CASE WHEN goldstein < 0 THEN story_id END)
    FROM watched_events WHERE (SELECT value FROM meta WHERE key = 'aggregates') = 'filling' AND target_code <> '' GROUP BY 2, 3, 4;
INSERT INTO dyad_totals SELECT 0, substr(source_code, 1, 3), substr(target_code, 1, 3), count(*), count(DISTINCT story_id),
    total(goldstein), sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3),
    sum(quad_class = 4), min(date), max(date)
    FROM watched_events WHERE (SELECT value FROM meta WHERE key = 'aggregates') = 'filling' AND target_code <> '' GROUP BY 2, 3;
INSERT INTO dyad_days SELECT 1, source_code, target_code, date, count(*), count(DISTINCT story_id),
    total(goldstein), sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3),
    sum(quad_class = 4), sum(goldstein < 0), count(DISTINCT CASE WHEN goldstein < 0 THEN story_id END)
    FROM watched_events WHERE (SELECT value FROM meta WHERE key = 'aggregates') = 'filling' AND target_code <> '' GROUP BY 2, 3, 4;
INSERT INTO dyad_totals SELECT 1, source_code, target_code, count(*), count(DISTINCT story_id),
    total(goldstein), sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3),
    sum(quad_class = 4), min(date), max(date)
    FROM watched_events WHERE (SELECT value FROM meta WHERE key = 'aggregates') = 'filling' AND target_code <> '' GROUP BY 2, 3;
UPDATE meta SET value = '1' WHERE key = 'aggregates';

-- Triggers: another event of the same story (and day) for the same dyad means the
-- story is counted already. The lookups use the UNIQUE (story_id, date, ...) index.
CREATE TRIGGER IF NOT EXISTS events_watched_insert AFTER INSERT ON events BEGIN
    -- a one-sided event (target_code '', docs/coding-manual.md §4) counts in event_days,
    -- never in a dyad
    INSERT INTO event_days(date, events) VALUES (NEW.date, 1)
        ON CONFLICT(date) DO UPDATE SET events = events + 1;
    INSERT INTO dyad_days SELECT 0, substr(NEW.source_code, 1, 3), substr(NEW.target_code, 1, 3), NEW.date, 1,
        NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = NEW.story_id AND e.date = NEW.date AND substr(e.source_code, 1, 3) = substr(NEW.source_code, 1, 3)
         AND substr(e.target_code, 1, 3) = substr(NEW.target_code, 1, 3) AND e.event_id <> NEW.event_id),
        NEW.goldstein, NEW.quad_class = 1, NEW.quad_class = 2, NEW.quad_class = 3, NEW.quad_class = 4,
        NEW.goldstein < 0,
        NEW.goldstein < 0 AND NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = NEW.story_id AND e.date = NEW.date AND substr(e.source_code, 1, 3) = substr(NEW.source_code, 1, 3)
         AND substr(e.target_code, 1, 3) = substr(NEW.target_code, 1, 3) AND e.event_id <> NEW.event_id AND e.goldstein < 0) WHERE NEW.target_code <> '' AND coalesce((SELECT c.confidence FROM mention_confidence c WHERE c.event_id = NEW.event_id AND c.doc_id = NEW.first_doc ORDER BY c.sentence_no LIMIT 1), 100) >= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'watch_confidence')
        ON CONFLICT(level, source, target, date) DO UPDATE SET events = events + 1,
        stories = stories + excluded.stories, goldstein = goldstein + excluded.goldstein,
        q1 = q1 + excluded.q1, q2 = q2 + excluded.q2, q3 = q3 + excluded.q3, q4 = q4 + excluded.q4,
        hostile = hostile + excluded.hostile, hostile_stories = hostile_stories + excluded.hostile_stories;
    INSERT INTO dyad_totals SELECT 0, substr(NEW.source_code, 1, 3), substr(NEW.target_code, 1, 3), 1,
        NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = NEW.story_id AND substr(e.source_code, 1, 3) = substr(NEW.source_code, 1, 3)
         AND substr(e.target_code, 1, 3) = substr(NEW.target_code, 1, 3) AND e.event_id <> NEW.event_id),
        NEW.goldstein, NEW.quad_class = 1, NEW.quad_class = 2, NEW.quad_class = 3, NEW.quad_class = 4,
        NEW.date, NEW.date WHERE NEW.target_code <> '' AND coalesce((SELECT c.confidence FROM mention_confidence c WHERE c.event_id = NEW.event_id AND c.doc_id = NEW.first_doc ORDER BY c.sentence_no LIMIT 1), 100) >= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'watch_confidence')
        ON CONFLICT(level, source, target) DO UPDATE SET events = events + 1,
        stories = stories + excluded.stories, goldstein = goldstein + excluded.goldstein,
        q1 = q1 + excluded.q1, q2 = q2 + excluded.q2, q3 = q3 + excluded.q3, q4 = q4 + excluded.q4,
        first_date = min(first_date, excluded.first_date), last_date = max(last_date, excluded.last_date);
    INSERT INTO dyad_days SELECT 1, NEW.source_code, NEW.target_code, NEW.date, 1,
        NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = NEW.story_id AND e.date = NEW.date AND e.source_code = NEW.source_code
         AND e.target_code = NEW.target_code AND e.event_id <> NEW.event_id),
        NEW.goldstein, NEW.quad_class = 1, NEW.quad_class = 2, NEW.quad_class = 3, NEW.quad_class = 4,
        NEW.goldstein < 0,
        NEW.goldstein < 0 AND NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = NEW.story_id AND e.date = NEW.date AND e.source_code = NEW.source_code
         AND e.target_code = NEW.target_code AND e.event_id <> NEW.event_id AND e.goldstein < 0) WHERE NEW.target_code <> '' AND coalesce((SELECT c.confidence FROM mention_confidence c WHERE c.event_id = NEW.event_id AND c.doc_id = NEW.first_doc ORDER BY c.sentence_no LIMIT 1), 100) >= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'watch_confidence')
        ON CONFLICT(level, source, target, date) DO UPDATE SET events = events + 1,
        stories = stories + excluded.stories, goldstein = goldstein + excluded.goldstein,
        q1 = q1 + excluded.q1, q2 = q2 + excluded.q2, q3 = q3 + excluded.q3, q4 = q4 + excluded.q4,
        hostile = hostile + excluded.hostile, hostile_stories = hostile_stories + excluded.hostile_stories;
    INSERT INTO dyad_totals SELECT 1, NEW.source_code, NEW.target_code, 1,
        NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = NEW.story_id AND e.source_code = NEW.source_code
         AND e.target_code = NEW.target_code AND e.event_id <> NEW.event_id),
        NEW.goldstein, NEW.quad_class = 1, NEW.quad_class = 2, NEW.quad_class = 3, NEW.quad_class = 4,
        NEW.date, NEW.date WHERE NEW.target_code <> '' AND coalesce((SELECT c.confidence FROM mention_confidence c WHERE c.event_id = NEW.event_id AND c.doc_id = NEW.first_doc ORDER BY c.sentence_no LIMIT 1), 100) >= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'watch_confidence')
        ON CONFLICT(level, source, target) DO UPDATE SET events = events + 1,
        stories = stories + excluded.stories, goldstein = goldstein + excluded.goldstein,
        q1 = q1 + excluded.q1, q2 = q2 + excluded.q2, q3 = q3 + excluded.q3, q4 = q4 + excluded.q4,
        first_date = min(first_date, excluded.first_date), last_date = max(last_date, excluded.last_date);
END;

CREATE TRIGGER IF NOT EXISTS events_watched_delete AFTER DELETE ON events BEGIN
    UPDATE event_days SET events = events - 1 WHERE date = OLD.date;
    DELETE FROM event_days WHERE date = OLD.date AND events <= 0;
    UPDATE dyad_days SET events = events - 1,
        stories = stories - (NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = OLD.story_id AND e.date = OLD.date AND substr(e.source_code, 1, 3) = substr(OLD.source_code, 1, 3)
         AND substr(e.target_code, 1, 3) = substr(OLD.target_code, 1, 3) AND e.event_id <> OLD.event_id)),
        goldstein = goldstein - OLD.goldstein, q1 = q1 - (OLD.quad_class = 1),
        q2 = q2 - (OLD.quad_class = 2), q3 = q3 - (OLD.quad_class = 3), q4 = q4 - (OLD.quad_class = 4),
        hostile = hostile - (OLD.goldstein < 0),
        hostile_stories = hostile_stories - (OLD.goldstein < 0 AND NOT EXISTS
            (SELECT 1 FROM watched_events e WHERE e.story_id = OLD.story_id AND e.date = OLD.date AND substr(e.source_code, 1, 3) = substr(OLD.source_code, 1, 3)
         AND substr(e.target_code, 1, 3) = substr(OLD.target_code, 1, 3) AND e.event_id <> OLD.event_id AND e.goldstein < 0))
        WHERE level = 0 AND source = substr(OLD.source_code, 1, 3) AND target = substr(OLD.target_code, 1, 3) AND date = OLD.date
        AND coalesce((SELECT c.confidence FROM mention_confidence c WHERE c.event_id = OLD.event_id AND c.doc_id = OLD.first_doc ORDER BY c.sentence_no LIMIT 1), 100) >= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'watch_confidence');
    DELETE FROM dyad_days WHERE level = 0 AND source = substr(OLD.source_code, 1, 3) AND target = substr(OLD.target_code, 1, 3) AND date = OLD.date AND events <= 0;
    UPDATE dyad_totals SET events = events - 1,
        stories = stories - (NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = OLD.story_id AND substr(e.source_code, 1, 3) = substr(OLD.source_code, 1, 3)
         AND substr(e.target_code, 1, 3) = substr(OLD.target_code, 1, 3) AND e.event_id <> OLD.event_id)),
        goldstein = goldstein - OLD.goldstein, q1 = q1 - (OLD.quad_class = 1),
        q2 = q2 - (OLD.quad_class = 2), q3 = q3 - (OLD.quad_class = 3), q4 = q4 - (OLD.quad_class = 4),
        first_date = coalesce((SELECT min(date) FROM dyad_days d WHERE d.level = 0 AND d.source = substr(OLD.source_code, 1, 3) AND d.target = substr(OLD.target_code, 1, 3)), first_date),
        last_date = coalesce((SELECT max(date) FROM dyad_days d WHERE d.level = 0 AND d.source = substr(OLD.source_code, 1, 3) AND d.target = substr(OLD.target_code, 1, 3)), last_date)
        WHERE level = 0 AND source = substr(OLD.source_code, 1, 3) AND target = substr(OLD.target_code, 1, 3)
        AND coalesce((SELECT c.confidence FROM mention_confidence c WHERE c.event_id = OLD.event_id AND c.doc_id = OLD.first_doc ORDER BY c.sentence_no LIMIT 1), 100) >= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'watch_confidence');
    DELETE FROM dyad_totals WHERE level = 0 AND source = substr(OLD.source_code, 1, 3) AND target = substr(OLD.target_code, 1, 3) AND events <= 0;
    UPDATE dyad_days SET events = events - 1,
        stories = stories - (NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = OLD.story_id AND e.date = OLD.date AND e.source_code = OLD.source_code
         AND e.target_code = OLD.target_code AND e.event_id <> OLD.event_id)),
        goldstein = goldstein - OLD.goldstein, q1 = q1 - (OLD.quad_class = 1),
        q2 = q2 - (OLD.quad_class = 2), q3 = q3 - (OLD.quad_class = 3), q4 = q4 - (OLD.quad_class = 4),
        hostile = hostile - (OLD.goldstein < 0),
        hostile_stories = hostile_stories - (OLD.goldstein < 0 AND NOT EXISTS
            (SELECT 1 FROM watched_events e WHERE e.story_id = OLD.story_id AND e.date = OLD.date AND e.source_code = OLD.source_code
         AND e.target_code = OLD.target_code AND e.event_id <> OLD.event_id AND e.goldstein < 0))
        WHERE level = 1 AND source = OLD.source_code AND target = OLD.target_code AND date = OLD.date
        AND coalesce((SELECT c.confidence FROM mention_confidence c WHERE c.event_id = OLD.event_id AND c.doc_id = OLD.first_doc ORDER BY c.sentence_no LIMIT 1), 100) >= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'watch_confidence');
    DELETE FROM dyad_days WHERE level = 1 AND source = OLD.source_code AND target = OLD.target_code AND date = OLD.date AND events <= 0;
    UPDATE dyad_totals SET events = events - 1,
        stories = stories - (NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = OLD.story_id AND e.source_code = OLD.source_code
         AND e.target_code = OLD.target_code AND e.event_id <> OLD.event_id)),
        goldstein = goldstein - OLD.goldstein, q1 = q1 - (OLD.quad_class = 1),
        q2 = q2 - (OLD.quad_class = 2), q3 = q3 - (OLD.quad_class = 3), q4 = q4 - (OLD.quad_class = 4),
        first_date = coalesce((SELECT min(date) FROM dyad_days d WHERE d.level = 1 AND d.source = OLD.source_code AND d.target = OLD.target_code), first_date),
        last_date = coalesce((SELECT max(date) FROM dyad_days d WHERE d.level = 1 AND d.source = OLD.source_code AND d.target = OLD.target_code), last_date)
        WHERE level = 1 AND source = OLD.source_code AND target = OLD.target_code
        AND coalesce((SELECT c.confidence FROM mention_confidence c WHERE c.event_id = OLD.event_id AND c.doc_id = OLD.first_doc ORDER BY c.sentence_no LIMIT 1), 100) >= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'watch_confidence');
    DELETE FROM dyad_totals WHERE level = 1 AND source = OLD.source_code AND target = OLD.target_code AND events <= 0;
END;

CREATE TRIGGER IF NOT EXISTS events_watched_update
    AFTER UPDATE OF story_id, date, source_code, target_code, quad_class, goldstein ON events BEGIN
    UPDATE event_days SET events = events - 1 WHERE date = OLD.date;
    DELETE FROM event_days WHERE date = OLD.date AND events <= 0;
    UPDATE dyad_days SET events = events - 1,
        stories = stories - (NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = OLD.story_id AND e.date = OLD.date AND substr(e.source_code, 1, 3) = substr(OLD.source_code, 1, 3)
         AND substr(e.target_code, 1, 3) = substr(OLD.target_code, 1, 3) AND e.event_id <> OLD.event_id)),
        goldstein = goldstein - OLD.goldstein, q1 = q1 - (OLD.quad_class = 1),
        q2 = q2 - (OLD.quad_class = 2), q3 = q3 - (OLD.quad_class = 3), q4 = q4 - (OLD.quad_class = 4),
        hostile = hostile - (OLD.goldstein < 0),
        hostile_stories = hostile_stories - (OLD.goldstein < 0 AND NOT EXISTS
            (SELECT 1 FROM watched_events e WHERE e.story_id = OLD.story_id AND e.date = OLD.date AND substr(e.source_code, 1, 3) = substr(OLD.source_code, 1, 3)
         AND substr(e.target_code, 1, 3) = substr(OLD.target_code, 1, 3) AND e.event_id <> OLD.event_id AND e.goldstein < 0))
        WHERE level = 0 AND source = substr(OLD.source_code, 1, 3) AND target = substr(OLD.target_code, 1, 3) AND date = OLD.date
        AND coalesce((SELECT c.confidence FROM mention_confidence c WHERE c.event_id = OLD.event_id AND c.doc_id = OLD.first_doc ORDER BY c.sentence_no LIMIT 1), 100) >= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'watch_confidence');
    DELETE FROM dyad_days WHERE level = 0 AND source = substr(OLD.source_code, 1, 3) AND target = substr(OLD.target_code, 1, 3) AND date = OLD.date AND events <= 0;
    UPDATE dyad_totals SET events = events - 1,
        stories = stories - (NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = OLD.story_id AND substr(e.source_code, 1, 3) = substr(OLD.source_code, 1, 3)
         AND substr(e.target_code, 1, 3) = substr(OLD.target_code, 1, 3) AND e.event_id <> OLD.event_id)),
        goldstein = goldstein - OLD.goldstein, q1 = q1 - (OLD.quad_class = 1),
        q2 = q2 - (OLD.quad_class = 2), q3 = q3 - (OLD.quad_class = 3), q4 = q4 - (OLD.quad_class = 4),
        first_date = coalesce((SELECT min(date) FROM dyad_days d WHERE d.level = 0 AND d.source = substr(OLD.source_code, 1, 3) AND d.target = substr(OLD.target_code, 1, 3)), first_date),
        last_date = coalesce((SELECT max(date) FROM dyad_days d WHERE d.level = 0 AND d.source = substr(OLD.source_code, 1, 3) AND d.target = substr(OLD.target_code, 1, 3)), last_date)
        WHERE level = 0 AND source = substr(OLD.source_code, 1, 3) AND target = substr(OLD.target_code, 1, 3)
        AND coalesce((SELECT c.confidence FROM mention_confidence c WHERE c.event_id = OLD.event_id AND c.doc_id = OLD.first_doc ORDER BY c.sentence_no LIMIT 1), 100) >= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'watch_confidence');
    DELETE FROM dyad_totals WHERE level = 0 AND source = substr(OLD.source_code, 1, 3) AND target = substr(OLD.target_code, 1, 3) AND events <= 0;
    UPDATE dyad_days SET events = events - 1,
        stories = stories - (NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = OLD.story_id AND e.date = OLD.date AND e.source_code = OLD.source_code
         AND e.target_code = OLD.target_code AND e.event_id <> OLD.event_id)),
        goldstein = goldstein - OLD.goldstein, q1 = q1 - (OLD.quad_class = 1),
        q2 = q2 - (OLD.quad_class = 2), q3 = q3 - (OLD.quad_class = 3), q4 = q4 - (OLD.quad_class = 4),
        hostile = hostile - (OLD.goldstein < 0),
        hostile_stories = hostile_stories - (OLD.goldstein < 0 AND NOT EXISTS
            (SELECT 1 FROM watched_events e WHERE e.story_id = OLD.story_id AND e.date = OLD.date AND e.source_code = OLD.source_code
         AND e.target_code = OLD.target_code AND e.event_id <> OLD.event_id AND e.goldstein < 0))
        WHERE level = 1 AND source = OLD.source_code AND target = OLD.target_code AND date = OLD.date
        AND coalesce((SELECT c.confidence FROM mention_confidence c WHERE c.event_id = OLD.event_id AND c.doc_id = OLD.first_doc ORDER BY c.sentence_no LIMIT 1), 100) >= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'watch_confidence');
    DELETE FROM dyad_days WHERE level = 1 AND source = OLD.source_code AND target = OLD.target_code AND date = OLD.date AND events <= 0;
    UPDATE dyad_totals SET events = events - 1,
        stories = stories - (NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = OLD.story_id AND e.source_code = OLD.source_code
         AND e.target_code = OLD.target_code AND e.event_id <> OLD.event_id)),
        goldstein = goldstein - OLD.goldstein, q1 = q1 - (OLD.quad_class = 1),
        q2 = q2 - (OLD.quad_class = 2), q3 = q3 - (OLD.quad_class = 3), q4 = q4 - (OLD.quad_class = 4),
        first_date = coalesce((SELECT min(date) FROM dyad_days d WHERE d.level = 1 AND d.source = OLD.source_code AND d.target = OLD.target_code), first_date),
        last_date = coalesce((SELECT max(date) FROM dyad_days d WHERE d.level = 1 AND d.source = OLD.source_code AND d.target = OLD.target_code), last_date)
        WHERE level = 1 AND source = OLD.source_code AND target = OLD.target_code
        AND coalesce((SELECT c.confidence FROM mention_confidence c WHERE c.event_id = OLD.event_id AND c.doc_id = OLD.first_doc ORDER BY c.sentence_no LIMIT 1), 100) >= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'watch_confidence');
    DELETE FROM dyad_totals WHERE level = 1 AND source = OLD.source_code AND target = OLD.target_code AND events <= 0;
    INSERT INTO event_days(date, events) VALUES (NEW.date, 1)
        ON CONFLICT(date) DO UPDATE SET events = events + 1;
    INSERT INTO dyad_days SELECT 0, substr(NEW.source_code, 1, 3), substr(NEW.target_code, 1, 3), NEW.date, 1,
        NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = NEW.story_id AND e.date = NEW.date AND substr(e.source_code, 1, 3) = substr(NEW.source_code, 1, 3)
         AND substr(e.target_code, 1, 3) = substr(NEW.target_code, 1, 3) AND e.event_id <> NEW.event_id),
        NEW.goldstein, NEW.quad_class = 1, NEW.quad_class = 2, NEW.quad_class = 3, NEW.quad_class = 4,
        NEW.goldstein < 0,
        NEW.goldstein < 0 AND NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = NEW.story_id AND e.date = NEW.date AND substr(e.source_code, 1, 3) = substr(NEW.source_code, 1, 3)
         AND substr(e.target_code, 1, 3) = substr(NEW.target_code, 1, 3) AND e.event_id <> NEW.event_id AND e.goldstein < 0) WHERE NEW.target_code <> '' AND coalesce((SELECT c.confidence FROM mention_confidence c WHERE c.event_id = NEW.event_id AND c.doc_id = NEW.first_doc ORDER BY c.sentence_no LIMIT 1), 100) >= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'watch_confidence')
        ON CONFLICT(level, source, target, date) DO UPDATE SET events = events + 1,
        stories = stories + excluded.stories, goldstein = goldstein + excluded.goldstein,
        q1 = q1 + excluded.q1, q2 = q2 + excluded.q2, q3 = q3 + excluded.q3, q4 = q4 + excluded.q4,
        hostile = hostile + excluded.hostile, hostile_stories = hostile_stories + excluded.hostile_stories;
    INSERT INTO dyad_totals SELECT 0, substr(NEW.source_code, 1, 3), substr(NEW.target_code, 1, 3), 1,
        NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = NEW.story_id AND substr(e.source_code, 1, 3) = substr(NEW.source_code, 1, 3)
         AND substr(e.target_code, 1, 3) = substr(NEW.target_code, 1, 3) AND e.event_id <> NEW.event_id),
        NEW.goldstein, NEW.quad_class = 1, NEW.quad_class = 2, NEW.quad_class = 3, NEW.quad_class = 4,
        NEW.date, NEW.date WHERE NEW.target_code <> '' AND coalesce((SELECT c.confidence FROM mention_confidence c WHERE c.event_id = NEW.event_id AND c.doc_id = NEW.first_doc ORDER BY c.sentence_no LIMIT 1), 100) >= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'watch_confidence')
        ON CONFLICT(level, source, target) DO UPDATE SET events = events + 1,
        stories = stories + excluded.stories, goldstein = goldstein + excluded.goldstein,
        q1 = q1 + excluded.q1, q2 = q2 + excluded.q2, q3 = q3 + excluded.q3, q4 = q4 + excluded.q4,
        first_date = min(first_date, excluded.first_date), last_date = max(last_date, excluded.last_date);
    INSERT INTO dyad_days SELECT 1, NEW.source_code, NEW.target_code, NEW.date, 1,
        NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = NEW.story_id AND e.date = NEW.date AND e.source_code = NEW.source_code
         AND e.target_code = NEW.target_code AND e.event_id <> NEW.event_id),
        NEW.goldstein, NEW.quad_class = 1, NEW.quad_class = 2, NEW.quad_class = 3, NEW.quad_class = 4,
        NEW.goldstein < 0,
        NEW.goldstein < 0 AND NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = NEW.story_id AND e.date = NEW.date AND e.source_code = NEW.source_code
         AND e.target_code = NEW.target_code AND e.event_id <> NEW.event_id AND e.goldstein < 0) WHERE NEW.target_code <> '' AND coalesce((SELECT c.confidence FROM mention_confidence c WHERE c.event_id = NEW.event_id AND c.doc_id = NEW.first_doc ORDER BY c.sentence_no LIMIT 1), 100) >= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'watch_confidence')
        ON CONFLICT(level, source, target, date) DO UPDATE SET events = events + 1,
        stories = stories + excluded.stories, goldstein = goldstein + excluded.goldstein,
        q1 = q1 + excluded.q1, q2 = q2 + excluded.q2, q3 = q3 + excluded.q3, q4 = q4 + excluded.q4,
        hostile = hostile + excluded.hostile, hostile_stories = hostile_stories + excluded.hostile_stories;
    INSERT INTO dyad_totals SELECT 1, NEW.source_code, NEW.target_code, 1,
        NOT EXISTS (SELECT 1 FROM watched_events e WHERE e.story_id = NEW.story_id AND e.source_code = NEW.source_code
         AND e.target_code = NEW.target_code AND e.event_id <> NEW.event_id),
        NEW.goldstein, NEW.quad_class = 1, NEW.quad_class = 2, NEW.quad_class = 3, NEW.quad_class = 4,
        NEW.date, NEW.date WHERE NEW.target_code <> '' AND coalesce((SELECT c.confidence FROM mention_confidence c WHERE c.event_id = NEW.event_id AND c.doc_id = NEW.first_doc ORDER BY c.sentence_no LIMIT 1), 100) >= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'watch_confidence')
        ON CONFLICT(level, source, target) DO UPDATE SET events = events + 1,
        stories = stories + excluded.stories, goldstein = goldstein + excluded.goldstein,
        q1 = q1 + excluded.q1, q2 = q2 + excluded.q2, q3 = q3 + excluded.q3, q4 = q4 + excluded.q4,
        first_date = min(first_date, excluded.first_date), last_date = max(last_date, excluded.last_date);
END;
RELEASE tocsin_aggregates;

-- @indexes: everything below is created after a bulk load (tocsin ingest creates it
-- when it finishes; an incremental ingest into a database that has them keeps them).
CREATE INDEX IF NOT EXISTS documents_story ON documents(story_id);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_dyad ON events(source_code, target_code, date);
CREATE INDEX IF NOT EXISTS events_root ON events(root, date);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);
CREATE INDEX IF NOT EXISTS fingerprints_day ON doc_fingerprints(day);
-- (serve) a country pair's events by date: the evidence of an alert, /api/events?dyad=RUS-UKR,
-- weekly indicators (src/watch/watch.c: watch_src_expr/watch_tgt_expr, the same expressions)
CREATE INDEX IF NOT EXISTS events_country_dyad ON events(substr(source_code,1,3), substr(target_code,1,3), date);
