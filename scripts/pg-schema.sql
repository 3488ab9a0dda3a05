-- pg-schema.sql - the quote database for PostgreSQL, for a newsroom that
-- outgrows one SQLite file. The tables and columns of the SQLite schema of
-- version 1 (src/lib/db/open.c has version 2, with people and names: README.md
-- "Quote database"); full-text search is a tsvector column with a GIN index
-- instead of FTS5. Loaded from `whosaid extract --format csv --csv-raw`
-- output by scripts/pg-load; the searches
-- are in scripts/pg-search.sql.
--
--   psql -f scripts/pg-schema.sql
--
-- Differences, because the CSV tables carry no document text: hash is
-- NULL, and clusters group exact copies only (same words), not the
-- near-duplicates `whosaid db add` also joins.

CREATE EXTENSION IF NOT EXISTS unaccent;

-- The folding of the SQLite index: typographic quote marks as ASCII, then
-- diacritics removed; the 'simple' configuration lowercases and does not
-- stem, as unicode61 does not.
CREATE OR REPLACE FUNCTION whosaid_fold(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT public.unaccent('public.unaccent', translate(t, '’‘“”', '''''""')) $$;

CREATE TABLE IF NOT EXISTS documents (
    id bigserial PRIMARY KEY,
    doc text NOT NULL UNIQUE,
    origin text NOT NULL,
    status text NOT NULL,
    error text,
    bytes bigint NOT NULL,
    entities bigint NOT NULL, mentions bigint NOT NULL,
    quotes bigint NOT NULL, warnings bigint NOT NULL,
    meta jsonb,
    source text, url text, date text, title text,
    day text,
    hash text
);
CREATE INDEX IF NOT EXISTS documents_day ON documents(day);

CREATE TABLE IF NOT EXISTS entities (
    id text PRIMARY KEY, name text NOT NULL, type text NOT NULL);

CREATE TABLE IF NOT EXISTS document_entities (
    document bigint NOT NULL REFERENCES documents ON DELETE CASCADE,
    ord bigint NOT NULL, entity text NOT NULL,
    name text NOT NULL, type text NOT NULL, gender text, role text, count bigint NOT NULL,
    source text, alternatives text,
    PRIMARY KEY (document, ord));

CREATE TABLE IF NOT EXISTS mentions (
    document bigint NOT NULL REFERENCES documents ON DELETE CASCADE,
    ord bigint NOT NULL, entity text NOT NULL,
    entity_ord bigint NOT NULL, text text NOT NULL,
    start_byte bigint NOT NULL, end_byte bigint NOT NULL,
    title text, country text,
    PRIMARY KEY (document, ord));
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity, document);

CREATE TABLE IF NOT EXISTS clusters (
    id bigserial PRIMARY KEY, words text NOT NULL UNIQUE);

CREATE TABLE IF NOT EXISTS quotes (
    id bigserial PRIMARY KEY,
    document bigint NOT NULL REFERENCES documents ON DELETE CASCADE,
    ord bigint NOT NULL,
    text text NOT NULL, start_byte bigint NOT NULL, end_byte bigint NOT NULL,
    speaker text, speaker_id text, speaker_text text, cue text,
    kind text NOT NULL, method text, confidence double precision NOT NULL,
    sentence_start bigint NOT NULL, sentence_end bigint NOT NULL,
    paragraph_start bigint NOT NULL, paragraph_end bigint NOT NULL,
    cluster bigint NOT NULL REFERENCES clusters,
    fts tsvector GENERATED ALWAYS AS (to_tsvector('simple', whosaid_fold(text))) STORED,
    UNIQUE (document, ord));
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_id);
CREATE INDEX IF NOT EXISTS quotes_cluster ON quotes(cluster);
CREATE INDEX IF NOT EXISTS quotes_fts ON quotes USING gin(fts);
