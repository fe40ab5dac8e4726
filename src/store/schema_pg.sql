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
    action_name     TEXT COLLATE "C",
    action_country  TEXT COLLATE "C",
    action_lat      DOUBLE PRECISION,
    action_lon      DOUBLE PRECISION,
    action_geonameid BIGINT,
    gdelt_actor1    TEXT NOT NULL,
    gdelt_actor2    TEXT NOT NULL,
    gdelt_action    TEXT NOT NULL
);

-- @aggregates: per-dyad, per-day sums of events for `tocsin watch` and `serve`, with
-- the semantics of schema.sql's @aggregates section (read the comments there): kept
-- by one trigger on events (insert, delete, update of the columns summed) in the
-- transaction of the write, so every writer keeps them; `level` 0 country pair, 1
-- actor pair; a one-sided event (target_code '') counts in event_days, never in a
-- dyad. A store made before them is filled once when a writer opens it (the
-- 'aggregates' row of meta), and also the first time a reader (watch, serve) does.
INSERT INTO meta(key, value) VALUES ('aggregates', 'filling') ON CONFLICT DO NOTHING;
-- The dyad sums count only the events whose confidence (that of the event's first
-- mention; none stored counts as 100) is at least meta 'watch_confidence', as
-- schema.sql's do (read the comment there); event_days counts every event. A store
-- whose aggregates were made before the threshold is refilled once.
UPDATE meta SET value = 'filling' WHERE key = 'aggregates'
    AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'watch_confidence');
INSERT INTO meta(key, value) VALUES ('watch_confidence', '90') ON CONFLICT DO NOTHING;
-- bumped by every write batch (backend_pg.c, begin_write): serve's cache generation
INSERT INTO meta(key, value) VALUES ('generation', '0') ON CONFLICT DO NOTHING;

CREATE TABLE IF NOT EXISTS event_days (
    date    TEXT COLLATE "C" PRIMARY KEY,
    events  BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS dyad_days (
    level   INTEGER NOT NULL,
    source  TEXT COLLATE "C" NOT NULL,
    target  TEXT COLLATE "C" NOT NULL,
    date    TEXT COLLATE "C" NOT NULL,
    events  BIGINT NOT NULL,
    stories BIGINT NOT NULL,
    goldstein DOUBLE PRECISION NOT NULL,
    q1 BIGINT NOT NULL, q2 BIGINT NOT NULL, q3 BIGINT NOT NULL, q4 BIGINT NOT NULL,
    hostile BIGINT NOT NULL,
    hostile_stories BIGINT NOT NULL,
    PRIMARY KEY (level, source, target, date)
);

CREATE TABLE IF NOT EXISTS dyad_totals (
    level   INTEGER NOT NULL,
    source  TEXT COLLATE "C" NOT NULL,
    target  TEXT COLLATE "C" NOT NULL,
    events  BIGINT NOT NULL,
    stories BIGINT NOT NULL,
    goldstein DOUBLE PRECISION NOT NULL,
    q1 BIGINT NOT NULL, q2 BIGINT NOT NULL, q3 BIGINT NOT NULL, q4 BIGINT NOT NULL,
    first_date TEXT COLLATE "C" NOT NULL,
    last_date  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (level, source, target)
);

-- 1 when an event counts in the dyad sums (the 'watch_confidence' threshold above).
CREATE OR REPLACE FUNCTION tocsin_watched(r events) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT c.confidence FROM mention_confidence c WHERE c.event_id = r.event_id
                     AND c.doc_id = r.first_doc ORDER BY c.sentence_no LIMIT 1), 100)
           >= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'watch_confidence')
$$;
-- The events the dyad sums count (schema.sql's view of the same name).
CREATE OR REPLACE VIEW watched_events AS SELECT * FROM events e WHERE tocsin_watched(e);

-- Filling a store made before these tables or before the threshold (does nothing once
-- 'aggregates' is '1').
DELETE FROM event_days WHERE (SELECT value FROM meta WHERE key = 'aggregates') = 'filling';
DELETE FROM dyad_days WHERE (SELECT value FROM meta WHERE key = 'aggregates') = 'filling';
DELETE FROM dyad_totals WHERE (SELECT value FROM meta WHERE key = 'aggregates') = 'filling';
INSERT INTO event_days SELECT date, count(*) FROM events
    WHERE (SELECT value FROM meta WHERE key = 'aggregates') = 'filling' GROUP BY date;
INSERT INTO dyad_days SELECT l.level, l.source, l.target, e.date, count(*), count(DISTINCT e.story_id), sum(e.goldstein),
    sum(CASE WHEN e.quad_class = 1 THEN 1 ELSE 0 END), sum(CASE WHEN e.quad_class = 2 THEN 1 ELSE 0 END),
    sum(CASE WHEN e.quad_class = 3 THEN 1 ELSE 0 END), sum(CASE WHEN e.quad_class = 4 THEN 1 ELSE 0 END),
    sum(CASE WHEN e.goldstein < 0 THEN 1 ELSE 0 END), count(DISTINCT CASE WHEN e.goldstein < 0 THEN e.story_id END)
    FROM watched_events e CROSS JOIN LATERAL (VALUES (0, substr(e.source_code, 1, 3), substr(e.target_code, 1, 3)),
                                             (1, e.source_code, e.target_code)) AS l(level, source, target)
    WHERE (SELECT value FROM meta WHERE key = 'aggregates') = 'filling' AND e.target_code <> ''
    GROUP BY 1, 2, 3, 4;
INSERT INTO dyad_totals SELECT l.level, l.source, l.target, count(*), count(DISTINCT e.story_id), sum(e.goldstein),
    sum(CASE WHEN e.quad_class = 1 THEN 1 ELSE 0 END), sum(CASE WHEN e.quad_class = 2 THEN 1 ELSE 0 END),
    sum(CASE WHEN e.quad_class = 3 THEN 1 ELSE 0 END), sum(CASE WHEN e.quad_class = 4 THEN 1 ELSE 0 END),
    min(e.date), max(e.date)
    FROM watched_events e CROSS JOIN LATERAL (VALUES (0, substr(e.source_code, 1, 3), substr(e.target_code, 1, 3)),
                                             (1, e.source_code, e.target_code)) AS l(level, source, target)
    WHERE (SELECT value FROM meta WHERE key = 'aggregates') = 'filling' AND e.target_code <> ''
    GROUP BY 1, 2, 3;
UPDATE meta SET value = '1' WHERE key = 'aggregates';

-- An event's dyad at each level of the sums: 0 the countries (first three letters of
-- the actor codes), 1 the actor pair (the full codes), as the refill above groups them.
CREATE OR REPLACE FUNCTION tocsin_dyad_levels(r events) RETURNS TABLE (lvl integer, src text, tgt text)
LANGUAGE sql IMMUTABLE AS $$
    SELECT 0, substr(r.source_code, 1, 3), substr(r.target_code, 1, 3) UNION ALL SELECT 1, r.source_code, r.target_code
$$;

-- One new event added to the sums, as schema.sql's insert trigger does: another
-- event of the same story (and day) for the same dyad means the story is counted
-- already. PostgreSQL fires row triggers at the end of the statement (a COPY of a
-- whole batch is in the table when they run), so "another" is one with a smaller
-- event_id: writers give ids in ascending order (max + 1, under the write lock), so
-- this is what SQLite's triggers see row by row, and the Goldstein sums are added
-- in the same order.
CREATE OR REPLACE FUNCTION tocsin_aggregate_add(r events) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    lvl integer;
    src text;
    tgt text;
    other_day boolean;
    other_day_hostile boolean;
    other_any boolean;
    is_hostile integer := CASE WHEN r.goldstein < 0 THEN 1 ELSE 0 END;
    q integer[] := ARRAY[(r.quad_class = 1)::integer, (r.quad_class = 2)::integer, (r.quad_class = 3)::integer,
                         (r.quad_class = 4)::integer];
BEGIN
    INSERT INTO event_days(date, events) VALUES (r.date, 1)
        ON CONFLICT (date) DO UPDATE SET events = event_days.events + 1;
    IF r.target_code = '' OR NOT tocsin_watched(r) THEN
        RETURN;   -- one-sided, or under the watch's confidence: no dyad
    END IF;
    FOR lvl, src, tgt IN SELECT * FROM tocsin_dyad_levels(r) LOOP
        SELECT coalesce(bool_or(e.date = r.date), false), coalesce(bool_or(e.date = r.date AND e.goldstein < 0), false),
               count(*) > 0
            INTO other_day, other_day_hostile, other_any
            FROM watched_events e WHERE e.story_id = r.story_id AND e.event_id < r.event_id
            AND ((lvl = 1 AND e.source_code = src AND e.target_code = tgt)
              OR (lvl = 0 AND substr(e.source_code, 1, 3) = src AND substr(e.target_code, 1, 3) = tgt));
        INSERT INTO dyad_days VALUES (lvl, src, tgt, r.date, 1, (NOT other_day)::integer, r.goldstein,
            q[1], q[2], q[3], q[4], is_hostile, (is_hostile = 1 AND NOT other_day_hostile)::integer)
            ON CONFLICT (level, source, target, date) DO UPDATE SET events = dyad_days.events + 1,
            stories = dyad_days.stories + EXCLUDED.stories, goldstein = dyad_days.goldstein + EXCLUDED.goldstein,
            q1 = dyad_days.q1 + EXCLUDED.q1, q2 = dyad_days.q2 + EXCLUDED.q2, q3 = dyad_days.q3 + EXCLUDED.q3,
            q4 = dyad_days.q4 + EXCLUDED.q4, hostile = dyad_days.hostile + EXCLUDED.hostile,
            hostile_stories = dyad_days.hostile_stories + EXCLUDED.hostile_stories;
        INSERT INTO dyad_totals VALUES (lvl, src, tgt, 1, (NOT other_any)::integer, r.goldstein,
            q[1], q[2], q[3], q[4], r.date, r.date)
            ON CONFLICT (level, source, target) DO UPDATE SET events = dyad_totals.events + 1,
            stories = dyad_totals.stories + EXCLUDED.stories, goldstein = dyad_totals.goldstein + EXCLUDED.goldstein,
            q1 = dyad_totals.q1 + EXCLUDED.q1, q2 = dyad_totals.q2 + EXCLUDED.q2, q3 = dyad_totals.q3 + EXCLUDED.q3,
            q4 = dyad_totals.q4 + EXCLUDED.q4, first_date = least(dyad_totals.first_date, EXCLUDED.first_date),
            last_date = greatest(dyad_totals.last_date, EXCLUDED.last_date);
    END LOOP;
END $$;

-- The sums an event was part of, counted again from the events table (after a
-- delete or an update of an event, which tocsin never makes; a user may): the row
-- triggers of a statement run when it is over, so each recounts from the final
-- table, which is right whatever their order.
CREATE OR REPLACE FUNCTION tocsin_aggregate_recount(r events) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    lvl integer;
    src text;
    tgt text;
BEGIN
    DELETE FROM event_days WHERE date = r.date;
    INSERT INTO event_days SELECT date, count(*) FROM events WHERE date = r.date GROUP BY date;
    IF r.target_code = '' THEN
        RETURN;
    END IF;
    FOR lvl, src, tgt IN SELECT * FROM tocsin_dyad_levels(r) LOOP
        DELETE FROM dyad_days WHERE level = lvl AND source = src AND target = tgt AND date = r.date;
        INSERT INTO dyad_days SELECT lvl, src, tgt, r.date, count(*), count(DISTINCT e.story_id), sum(e.goldstein),
            sum(CASE WHEN e.quad_class = 1 THEN 1 ELSE 0 END), sum(CASE WHEN e.quad_class = 2 THEN 1 ELSE 0 END),
            sum(CASE WHEN e.quad_class = 3 THEN 1 ELSE 0 END), sum(CASE WHEN e.quad_class = 4 THEN 1 ELSE 0 END),
            sum(CASE WHEN e.goldstein < 0 THEN 1 ELSE 0 END), count(DISTINCT CASE WHEN e.goldstein < 0 THEN e.story_id END)
            FROM watched_events e WHERE e.date = r.date AND e.target_code <> ''
            AND ((lvl = 1 AND e.source_code = src AND e.target_code = tgt)
              OR (lvl = 0 AND substr(e.source_code, 1, 3) = src AND substr(e.target_code, 1, 3) = tgt))
            HAVING count(*) > 0;
        DELETE FROM dyad_totals WHERE level = lvl AND source = src AND target = tgt;
        INSERT INTO dyad_totals SELECT lvl, src, tgt, count(*), count(DISTINCT e.story_id), sum(e.goldstein),
            sum(CASE WHEN e.quad_class = 1 THEN 1 ELSE 0 END), sum(CASE WHEN e.quad_class = 2 THEN 1 ELSE 0 END),
            sum(CASE WHEN e.quad_class = 3 THEN 1 ELSE 0 END), sum(CASE WHEN e.quad_class = 4 THEN 1 ELSE 0 END),
            min(e.date), max(e.date)
            FROM watched_events e WHERE e.target_code <> ''
            AND ((lvl = 1 AND e.source_code = src AND e.target_code = tgt)
              OR (lvl = 0 AND substr(e.source_code, 1, 3) = src AND substr(e.target_code, 1, 3) = tgt))
            HAVING count(*) > 0;
    END LOOP;
END $$;

CREATE OR REPLACE FUNCTION tocsin_events_aggregates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM tocsin_aggregate_add(NEW);
    ELSE
        PERFORM tocsin_aggregate_recount(OLD);
        IF TG_OP = 'UPDATE' THEN
            PERFORM tocsin_aggregate_recount(NEW);
        END IF;
    END IF;
    RETURN NULL;
END $$;

DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'events_aggregates' AND tgrelid = 'events'::regclass) THEN
        CREATE TRIGGER events_aggregates AFTER INSERT OR DELETE
            OR UPDATE OF story_id, date, source_code, target_code, quad_class, goldstein
            ON events FOR EACH ROW EXECUTE FUNCTION tocsin_events_aggregates();
    END IF;
END $$;

-- The Monday on or before a YYYY-MM-DD date as YYYY-MM-DD (weekly indicators; SQLite
-- writes date(d, '-6 days', 'weekday 1')); NULL for a text that is not a date.
CREATE OR REPLACE FUNCTION tocsin_week_start(d text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF d !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
        RETURN NULL;
    END IF;
    RETURN to_char(d::date - (extract(isodow FROM d::date)::integer - 1), 'YYYY-MM-DD');
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;

-- @indexes
CREATE INDEX IF NOT EXISTS documents_story ON documents(story_id);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_dyad ON events(source_code, target_code, date);
CREATE INDEX IF NOT EXISTS events_country_dyad ON events(substr(source_code,1,3), substr(target_code,1,3), date);
CREATE INDEX IF NOT EXISTS events_root ON events(root, date);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);
CREATE INDEX IF NOT EXISTS fingerprints_day ON doc_fingerprints(day);
