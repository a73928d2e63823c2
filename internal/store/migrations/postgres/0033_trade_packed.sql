-- Each subheading's trade rows of a year, packed (internal/store/tradepacked.go):
-- the ranking reads one row per subheading instead of one per importer
-- (HS 0901: 5 rows instead of 1,220). Derived from trade_imports and
-- trade_home_exports in the transaction that writes them; filled at start-up
-- for a database that has trade data without it.
CREATE TABLE trade_packed (
    edition TEXT NOT NULL,
    hs      TEXT NOT NULL,
    year    INTEGER NOT NULL,
    imports BYTEA NOT NULL,  -- importer, value, growth figure: one entry each
    home    BYTEA NOT NULL,  -- importer, the home country's exports to it
    PRIMARY KEY (edition, hs, year)
);
