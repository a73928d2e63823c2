-- The registry list's text filter (a part of a name or an owner's name,
-- e.g. "kopi" or "zainal") through a trigram index instead of a LIKE over
-- every row (a sequential scan of the registry: seconds at ten million).
-- pg_trgm is a trusted extension shipped with PostgreSQL; its GIN index
-- answers LIKE '%word%' for a word of three characters or more, and the
-- planner weighs it against walking the list's sort index.
--
-- The extension lives in a schema of its own, not in public: a backup
-- holds the public schema only, and a restore renames the current public
-- schema aside, which would take the extension's operator classes with it
-- (docs/operations.md, "Backup and restore").
CREATE SCHEMA IF NOT EXISTS siapekspor_ext;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA siapekspor_ext;
CREATE INDEX enterprises_text ON enterprises USING GIN (search_text siapekspor_ext.gin_trgm_ops);
