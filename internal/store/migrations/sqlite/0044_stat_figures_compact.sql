-- The statistics pages' figures (export_stat_loads.figures, migration
-- 0032) move from JSON to a compact form a view decodes in microseconds
-- (exportstats.EncodeFigures): the Go code this migration runs after this
-- statement (store.fillStatFigures) stores every table's figures again.
-- A migration, not only a new form, so that an older binary refuses the
-- database instead of failing on figures it cannot read.
SELECT 1;
