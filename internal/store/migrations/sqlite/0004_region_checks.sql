-- PostgreSQL drops its foreign keys from enterprises to regions in this
-- step (see its 0004); SQLite keeps them: its checks are cheap index probes.
-- The step exists so both engines share one schema version.
SELECT 1;
