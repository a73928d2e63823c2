-- Products, their photos, certificates and permits, export validation, and
-- the search index over enterprises and products.

CREATE TABLE products (
    id                 INTEGER PRIMARY KEY,
    enterprise_id      INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    name_id            TEXT NOT NULL,
    name_en            TEXT NOT NULL DEFAULT '',
    description_id     TEXT NOT NULL DEFAULT '',
    description_en     TEXT NOT NULL DEFAULT '',
    hs_code            TEXT NOT NULL DEFAULT '',   -- 6 digits, or an 8-digit national line
    category           TEXT NOT NULL DEFAULT '',
    unit               TEXT NOT NULL DEFAULT '',
    capacity_per_month DOUBLE PRECISION NOT NULL DEFAULT 0,
    min_order          DOUBLE PRECISION NOT NULL DEFAULT 0,
    price_idr          BIGINT NOT NULL DEFAULT 0,
    fob_usd_cents      BIGINT NOT NULL DEFAULT 0,
    packaging          TEXT NOT NULL DEFAULT '',
    shelf_life_days    INTEGER NOT NULL DEFAULT 0,
    storage            TEXT NOT NULL DEFAULT '',
    validation         TEXT NOT NULL DEFAULT 'draft',
    submitted_at       TIMESTAMP,
    validated_at       TIMESTAMP,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX products_enterprise ON products (enterprise_id);
CREATE INDEX products_queue ON products (validation, submitted_at);

CREATE TABLE product_photos (
    id            INTEGER PRIMARY KEY,
    product_id    INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    thumb         TEXT NOT NULL,
    display       TEXT NOT NULL,
    position      INTEGER NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX product_photos_product ON product_photos (product_id, position);

-- Dates are ISO text (YYYY-MM-DD) on both engines: they compare as dates.
CREATE TABLE certificates (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    product_id    INTEGER REFERENCES products (id) ON DELETE CASCADE,
    type          TEXT NOT NULL,
    self_declare  BOOLEAN NOT NULL DEFAULT FALSE,
    number        TEXT NOT NULL,
    issuer        TEXT NOT NULL DEFAULT '',
    issued_on     TEXT NOT NULL DEFAULT '',
    expires_on    TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    document      TEXT NOT NULL DEFAULT '',
    document_kind TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX certificates_enterprise ON certificates (enterprise_id);
CREATE INDEX certificates_product ON certificates (product_id);
CREATE INDEX certificates_expiry ON certificates (expires_on) WHERE expires_on <> '';

CREATE TABLE validations (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    at          TIMESTAMP NOT NULL,
    user_id     INTEGER,
    actor       TEXT NOT NULL,
    org_name    TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    review_json TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX validations_product ON validations (product_id, id);

-- One document per enterprise and per product. The Go code normalises and
-- stems the text (internal/textsearch) before it gets here, so both
-- engines index and match the same tokens. Scope columns are copied from
-- the enterprise so a search is filtered without joins.
-- id is twice the record's id, plus one for products (store.docID), and
-- the FTS5 rowid of the document's tokens.
CREATE TABLE search_docs (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,           -- enterprise or product
    ref_id        BIGINT NOT NULL,
    enterprise_id BIGINT NOT NULL,
    province_code TEXT NOT NULL DEFAULT '',
    regency_code  TEXT NOT NULL DEFAULT '',
    district_code TEXT NOT NULL DEFAULT '',
    binaan_org_id BIGINT,
    hs_chapter    TEXT NOT NULL DEFAULT '',
    validation    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX search_docs_enterprise ON search_docs (enterprise_id);
CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='', contentless_delete=1, tokenize='ascii');
