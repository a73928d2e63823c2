-- Realised export records (issue 17, item 5): what an enterprise shipped,
-- where, for how much, under which customs declaration, with the scans of
-- the invoice and the declaration. Dates are ISO text, as elsewhere.
CREATE TABLE export_records (
    id                INTEGER PRIMARY KEY,
    enterprise_id     INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    product_id        INTEGER REFERENCES products (id) ON DELETE SET NULL,
    hs_code           TEXT NOT NULL,
    destination       TEXT NOT NULL,
    value_usd_cents   BIGINT NOT NULL,
    value_idr         BIGINT NOT NULL,
    exchange_rate     DOUBLE PRECISION NOT NULL,
    rate_date         TEXT NOT NULL,
    quantity          DOUBLE PRECISION NOT NULL DEFAULT 0,
    unit              TEXT NOT NULL DEFAULT '',
    incoterm          TEXT NOT NULL DEFAULT '',
    export_date       TEXT NOT NULL,
    peb_number        TEXT NOT NULL DEFAULT '',
    notes             TEXT NOT NULL DEFAULT '',
    source            TEXT NOT NULL,
    -- The pipeline's contract this export fulfils: linked when contracts
    -- exist (issue 17); no foreign key until then.
    contract_id       BIGINT,
    invoice_scan      TEXT NOT NULL DEFAULT '',
    invoice_scan_kind TEXT NOT NULL DEFAULT '',
    peb_scan          TEXT NOT NULL DEFAULT '',
    peb_scan_kind     TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1
);
-- A customs declaration is recorded once; records without one (a
-- consolidator's shipment) may be many.
CREATE UNIQUE INDEX export_records_peb ON export_records (peb_number) WHERE peb_number <> '';
-- An enterprise's records by date: its status is recomputed from their years.
CREATE INDEX export_records_enterprise ON export_records (enterprise_id, export_date);
-- The list, newest first; and a scan's users when a file may be removed.
CREATE INDEX export_records_date ON export_records (export_date, id);
CREATE INDEX export_records_invoice_scan ON export_records (invoice_scan) WHERE invoice_scan <> '';
CREATE INDEX export_records_peb_scan ON export_records (peb_scan) WHERE peb_scan <> '';

-- The export status an officer set by hand (never, ready, or one known from
-- before the records), kept while the enterprise has export records, which
-- raise export_status above it; NULL when it has none (export_status is
-- then the hand-set status itself). Removing the last record puts it back.
ALTER TABLE enterprises ADD COLUMN export_status_base TEXT;
