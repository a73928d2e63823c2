-- The registry list's text filter (a part of a name or an owner's name,
-- e.g. "kopi" or "zainal") through a trigram index instead of a LIKE over
-- every row (a sequential scan of the registry: seconds at ten million).
-- pg_trgm is a trusted extension shipped with PostgreSQL; its GIN index
-- answers LIKE '%word%' for a word of three characters or more, and the
-- planner weighs it against walking the list's sort index.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX enterprises_text ON enterprises USING GIN (search_text gin_trgm_ops);
