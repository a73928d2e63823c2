-- The figures a statistics table's page shows (its monthly total, the
-- rankings, the five largest commodities and destinations by month), as
-- JSON (exportstats.Figures), computed once when the table is stored:
-- reading and summing all its rows on every view was half the page's CPU.
-- Tables stored before this migration get theirs from the Go code the
-- migration runs after this statement (store.fillStatFigures).
ALTER TABLE export_stat_loads ADD COLUMN figures TEXT NOT NULL DEFAULT '';
