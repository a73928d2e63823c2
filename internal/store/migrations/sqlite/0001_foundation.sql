-- Foundation: reference data, settings, organisations, the enterprise registry and the audit log.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE regions (
    code      TEXT PRIMARY KEY,           -- Kemendagri dotted code: 18, 18.01, 18.01.04, 18.01.04.2001
    name      TEXT NOT NULL,
    level     INTEGER NOT NULL,           -- 1 province, 2 regency/city, 3 district, 4 village
    parent    TEXT NOT NULL DEFAULT '',
    bps_code  TEXT NOT NULL DEFAULT '',   -- BPS numbers older regencies differently (18.01 = 1803)
    lat       DOUBLE PRECISION,
    lng       DOUBLE PRECISION
);
CREATE INDEX regions_parent ON regions (parent);
CREATE INDEX regions_bps ON regions (bps_code) WHERE bps_code <> '';

CREATE TABLE hs_codes (
    code            TEXT PRIMARY KEY,     -- 2, 4 or 6 digits, HS 2022
    level           INTEGER NOT NULL,
    parent          TEXT NOT NULL DEFAULT '',
    section         TEXT NOT NULL DEFAULT '',
    description_en  TEXT NOT NULL,
    description_id  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE countries (
    iso3        TEXT PRIMARY KEY,
    iso2        TEXT NOT NULL,
    iso_numeric TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    name_id     TEXT NOT NULL,
    region      TEXT NOT NULL DEFAULT '',
    subregion   TEXT NOT NULL DEFAULT '',
    lat         DOUBLE PRECISION,
    lng         DOUBLE PRECISION
);

CREATE TABLE kbli (
    version     TEXT NOT NULL,
    code        TEXT NOT NULL,
    digits      INTEGER NOT NULL,
    category    TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (version, code)
);

CREATE TABLE organisations (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    region_code   TEXT NOT NULL DEFAULT '',
    enterprise_id BIGINT,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX organisations_kind ON organisations (kind, name);

CREATE TABLE enterprises (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    search_text     TEXT NOT NULL DEFAULT '',   -- normalised name and owner name, for LIKE look-ups
    name_key        TEXT NOT NULL DEFAULT '',   -- NormalizeName(name), for sorting and duplicate checks
    kind            TEXT NOT NULL,
    legal_form      TEXT NOT NULL,
    nib             TEXT NOT NULL DEFAULT '',
    owner_name      TEXT NOT NULL DEFAULT '',
    owner_nik       TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    province_code   TEXT NOT NULL REFERENCES regions (code),
    regency_code    TEXT NOT NULL REFERENCES regions (code),
    district_code   TEXT REFERENCES regions (code),
    village_code    TEXT REFERENCES regions (code),
    lat             DOUBLE PRECISION,
    lng             DOUBLE PRECISION,
    sector          TEXT NOT NULL DEFAULT '',
    founded_year    INTEGER NOT NULL DEFAULT 0,
    workers         INTEGER NOT NULL DEFAULT 0,
    capital         BIGINT NOT NULL DEFAULT 0,
    annual_turnover BIGINT NOT NULL DEFAULT 0,
    binaan_org_id   BIGINT REFERENCES organisations (id),
    export_status   TEXT NOT NULL,
    notes           TEXT NOT NULL DEFAULT '',
    size_class      TEXT NOT NULL DEFAULT '',
    size_basis      TEXT NOT NULL DEFAULT '',
    ikm_class       TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX enterprises_nib ON enterprises (nib) WHERE nib <> '';
CREATE INDEX enterprises_regency ON enterprises (regency_code, name_key);
CREATE INDEX enterprises_province ON enterprises (province_code, name_key);
CREATE INDEX enterprises_district ON enterprises (district_code);
CREATE INDEX enterprises_binaan ON enterprises (binaan_org_id);
-- Covers the counts of the list's usual filter combinations without touching
-- rows, and serves the filters that have no index of their own: every index
-- costs time on each insert, and imports of a whole province must stay fast.
CREATE INDEX enterprises_filters ON enterprises (province_code, regency_code, size_class, export_status, sector);

CREATE TABLE enterprise_kbli (
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    version       TEXT NOT NULL,
    code          TEXT NOT NULL,
    PRIMARY KEY (enterprise_id, version, code)
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    user_id     BIGINT,
    actor       TEXT NOT NULL,
    remote_addr TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,             -- create, update, delete, import, export, login, …
    entity      TEXT NOT NULL DEFAULT '',
    entity_id   BIGINT,
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_at ON audit_log (at);
