-- PostgreSQL's extended statistics on the region codes (see its 0031);
-- SQLite plans the list from its indexes without them.
SELECT 1;
