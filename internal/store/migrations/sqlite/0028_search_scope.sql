-- PostgreSQL puts the region columns into the search index (0028 there);
-- SQLite's FTS5 table has nothing to add, and its search stays as it is.
SELECT 1;
