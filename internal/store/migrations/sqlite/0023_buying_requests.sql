-- Buyers' requests (issue 17, item 1): a foreign buyer's buying request or
-- a BUMN's or private company's procurement need, owned by the buyer's
-- organisation. Dates are calendar days as text (YYYY-MM-DD, '' none), as
-- certificates keep theirs; certificates required are comma-separated types.
CREATE TABLE buying_requests (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL,
    org_id            BIGINT NOT NULL REFERENCES organisations (id),
    title             TEXT NOT NULL,
    hs_code           TEXT NOT NULL DEFAULT '',
    words             TEXT NOT NULL DEFAULT '',
    kbli              TEXT NOT NULL DEFAULT '',
    quantity          DOUBLE PRECISION NOT NULL,
    unit              TEXT NOT NULL,
    frequency         TEXT NOT NULL,
    destination       TEXT NOT NULL DEFAULT '',
    incoterm          TEXT NOT NULL DEFAULT '',
    target_price      DOUBLE PRECISION NOT NULL DEFAULT 0,
    currency          TEXT NOT NULL DEFAULT '',
    budget            BIGINT NOT NULL DEFAULT 0,
    delivery_region   TEXT NOT NULL DEFAULT '',
    local_first       TEXT NOT NULL DEFAULT '',
    certificates      TEXT NOT NULL DEFAULT '',
    sample_needed     BOOLEAN NOT NULL DEFAULT FALSE,
    require_validated BOOLEAN NOT NULL DEFAULT FALSE,
    min_capacity_pct  DOUBLE PRECISION NOT NULL DEFAULT 0,
    deadline          TEXT NOT NULL DEFAULT '',
    delivery_date     TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,
    visibility        TEXT NOT NULL,
    notes             TEXT NOT NULL DEFAULT '',
    created_by        BIGINT,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX buying_requests_org ON buying_requests (org_id, id);
CREATE INDEX buying_requests_status ON buying_requests (status, id);
