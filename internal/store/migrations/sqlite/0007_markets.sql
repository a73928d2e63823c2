-- Destination markets: trade data as loaded (the shipped 2024 files, BACI
-- and Comtrade files an analyst loads), the requirements catalogue, and the
-- province's export statistics (BPS-style tables).

-- One load of a trade file. A later load of the same year replaces its rows
-- (for a Comtrade extract: the rows of the reporters it holds). The tables
-- below carry no foreign key or index on load_id: a year is replaced by
-- deleting its rows, and every index costs seconds on a million-row load.
CREATE TABLE trade_loads (
    id         INTEGER PRIMARY KEY,
    dataset    TEXT NOT NULL,             -- shipped, baci, comtrade
    year       INTEGER NOT NULL,
    edition    TEXT NOT NULL,             -- HS92 … HS22
    file_name  TEXT NOT NULL DEFAULT '',
    sha256     TEXT NOT NULL DEFAULT '',
    rows_read  BIGINT NOT NULL DEFAULT 0,
    problems   INTEGER NOT NULL DEFAULT 0,
    imports    INTEGER NOT NULL DEFAULT 0,  -- rows stored: importer × product
    home_rows  INTEGER NOT NULL DEFAULT 0,  -- rows stored: Indonesia's exports by destination × product
    reporters  TEXT NOT NULL DEFAULT '',  -- Comtrade: the importers it covers, comma-separated
    home_reported BOOLEAN NOT NULL DEFAULT FALSE, -- holds the home country's own export declarations
    loaded_at  TIMESTAMP NOT NULL,
    actor      TEXT NOT NULL
);

-- Each importer's imports of an HS6 product from all partners, derived from
-- the bilateral flows at load (never typed): what the ranking's demand reads.
CREATE TABLE trade_imports (
    hs           TEXT NOT NULL,
    importer     TEXT NOT NULL,
    year         INTEGER NOT NULL,
    edition      TEXT NOT NULL,
    value_usd    DOUBLE PRECISION NOT NULL,
    partners     INTEGER NOT NULL DEFAULT 0,
    growth_pct   DOUBLE PRECISION,          -- a source's own growth figure (the shipped file's 8-year CAGR)
    growth_years INTEGER NOT NULL DEFAULT 0,
    growth_cover DOUBLE PRECISION,          -- % of the value the growth figure covers
    load_id      INTEGER NOT NULL,                  -- the load it came from (trade_loads)
    PRIMARY KEY (hs, importer, year, edition)
) WITHOUT ROWID;

-- Indonesia's exports of an HS6 product to each destination.
CREATE TABLE trade_home_exports (
    hs         TEXT NOT NULL,
    importer   TEXT NOT NULL,
    year       INTEGER NOT NULL,
    edition    TEXT NOT NULL,
    value_usd  DOUBLE PRECISION NOT NULL,
    qty_tonnes DOUBLE PRECISION NOT NULL DEFAULT 0,
    load_id    INTEGER NOT NULL,                  -- the load it came from (trade_loads)
    PRIMARY KEY (hs, importer, year, edition)
) WITHOUT ROWID;

-- Per country and year: its imports of all goods and Indonesia's exports of
-- all goods to it (the ranking's ties and the RCA's totals).
CREATE TABLE trade_country_totals (
    country          TEXT NOT NULL,
    year             INTEGER NOT NULL,
    imports_all      DOUBLE PRECISION NOT NULL DEFAULT 0,
    home_exports_all DOUBLE PRECISION NOT NULL DEFAULT 0,
    load_id          INTEGER NOT NULL,                  -- the load it came from (trade_loads)
    PRIMARY KEY (country, year)
) WITHOUT ROWID;

-- The requirements catalogue: destination × product group → what is
-- required. body_json is the whole market.Requirement; the columns beside it
-- are for listing. Shipped entries are seeded once; admins' edits stay.
CREATE TABLE market_requirements (
    id           TEXT NOT NULL PRIMARY KEY,
    destination  TEXT NOT NULL,
    hs_prefixes  TEXT NOT NULL DEFAULT '',
    body_json    TEXT NOT NULL,
    source_url   TEXT NOT NULL,
    last_checked TEXT NOT NULL,
    shipped      BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at   TIMESTAMP NOT NULL,
    actor        TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX market_requirements_destination ON market_requirements (destination);

-- Export statistics in the BPS release's shape: one upload of a table is one
-- dataset; a page shows one dataset at a time, as tables broken down by
-- commodity and by destination cover the same dollars.
CREATE TABLE export_stat_loads (
    id              INTEGER PRIMARY KEY,
    province_code   TEXT NOT NULL,
    title           TEXT NOT NULL DEFAULT '',
    file_name       TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    format          TEXT NOT NULL,          -- long or wide
    synthetic       BOOLEAN NOT NULL DEFAULT FALSE,
    has_commodity   BOOLEAN NOT NULL,
    has_destination BOOLEAN NOT NULL,
    rows_stored     INTEGER NOT NULL,
    warnings        INTEGER NOT NULL DEFAULT 0,
    period_from     TEXT NOT NULL,          -- YYYY-MM
    period_to       TEXT NOT NULL,
    loaded_at       TIMESTAMP NOT NULL,
    actor           TEXT NOT NULL
);

-- Value and weight are NULL when the table does not give them (unknown, not zero).
CREATE TABLE export_stats (
    load_id           INTEGER NOT NULL REFERENCES export_stat_loads (id) ON DELETE CASCADE,
    province_code     TEXT NOT NULL,
    year              INTEGER NOT NULL,
    month             INTEGER NOT NULL,     -- 0: the whole year
    hs                TEXT NOT NULL DEFAULT '',
    commodity         TEXT NOT NULL DEFAULT '',
    other_commodity   BOOLEAN NOT NULL DEFAULT FALSE,
    destination       TEXT NOT NULL DEFAULT '',  -- ISO3, '' when not by destination or other destinations
    destination_name  TEXT NOT NULL DEFAULT '',
    other_destination BOOLEAN NOT NULL DEFAULT FALSE,
    value_usd         DOUBLE PRECISION,
    weight_kg         DOUBLE PRECISION
);
CREATE INDEX export_stats_load ON export_stats (load_id, year, month);
