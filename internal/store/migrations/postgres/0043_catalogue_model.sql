-- The public catalogue's read model (issue 20; store/catalogue_model.go):
-- what its pages filter, sort and count by, kept in the transaction of
-- every write that changes it, so that a page reads a few rows instead of
-- working out the listing rule over every validated product per request.
--
-- catalogue_products: every validated product of an enterprise that agreed
-- to be listed, with the last day it stays listed (its own certificates'
-- expiry: every kind it holds must have one that still counts;
-- '9999-12-31' when none expires; listed today: listed_until >= today),
-- and what its card on a list page shows (names, unit, enterprise, first
-- photo, and its certificates as "type=last day" words: the card shows the
-- kinds still valid on the day).
CREATE TABLE catalogue_products (
    product_id    BIGINT PRIMARY KEY,
    enterprise_id BIGINT NOT NULL,
    hs_chapter    TEXT NOT NULL,
    category      TEXT NOT NULL,
    regency_code  TEXT NOT NULL,
    capacity      DOUBLE PRECISION NOT NULL,
    validated_at  TIMESTAMP NOT NULL,
    listed_until  TEXT NOT NULL,
    name_id       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    unit          TEXT NOT NULL,
    enterprise    TEXT NOT NULL,
    thumb         TEXT NOT NULL,
    certs         TEXT NOT NULL
);
CREATE INDEX catalogue_products_enterprise ON catalogue_products (enterprise_id);
CREATE INDEX catalogue_products_newest ON catalogue_products (validated_at, product_id, listed_until);

-- catalogue_certs: the certificates each of those products holds (its own
-- and its enterprise's), one row per kind with the last day one counts.
CREATE TABLE catalogue_certs (
    product_id    BIGINT NOT NULL,
    type          TEXT NOT NULL,
    enterprise_id BIGINT NOT NULL,
    valid_until   TEXT NOT NULL,
    PRIMARY KEY (product_id, type)
);
CREATE INDEX catalogue_certs_enterprise ON catalogue_certs (enterprise_id);

-- catalogue_state: the counts the front page and the filters show (the
-- tally, one line per count), exact for every day from as_of to
-- stable_until (the first day a listed product or a certificate lapses).
CREATE TABLE catalogue_state (
    id           INTEGER PRIMARY KEY,
    as_of        TEXT NOT NULL,
    stable_until TEXT NOT NULL,
    tally        TEXT NOT NULL
);

-- The listing rule no longer reads the products table's validated rows.
DROP INDEX products_catalogue;
