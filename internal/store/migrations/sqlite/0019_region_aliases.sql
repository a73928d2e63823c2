-- Other names of regions as offices write them ("Lamsel", "Jaksel"): the
-- importer finds a region by them as by its name. The shipped list
-- (refdata/data/region_aliases.csv.gz) is seeded here once per version;
-- admins add their own and remove any. A removed alias stays as a row with
-- removed set, so that seeding a later version does not bring it back.
CREATE TABLE region_aliases (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL,             -- the region's Kemendagri code
    alias       TEXT NOT NULL,             -- as typed
    alias_key   TEXT NOT NULL,             -- comparison form: refdata.AliasKey
    shipped     BOOLEAN NOT NULL DEFAULT FALSE,
    removed     BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at  TIMESTAMP NOT NULL,
    actor       TEXT NOT NULL
);
CREATE UNIQUE INDEX region_aliases_code_key ON region_aliases (code, alias_key);
