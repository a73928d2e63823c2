-- PostgreSQL's trigram index gains the region columns (see the PostgreSQL
-- migration); SQLite's text filter reads its own trigram table
-- (enterprise_text, migration 0029) and is unchanged.
SELECT 1;
