-- The map (issue 18 item 3). Enterprises' own coordinates, clustered for
-- the roles that see addresses and counted per district for the others:
-- a partial index holds only the enterprises with coordinates, and covers
-- what the map reads of them (region, position, district).
CREATE INDEX enterprises_point ON enterprises (province_code, regency_code, lat, lng, district_code) WHERE lat IS NOT NULL;

-- Boundaries an admin loaded (a province's regencies, a regency's
-- districts) as GeoJSON geometries (Polygon or MultiPolygon, coordinates
-- rounded to four decimals); /geo/{code} serves them in place of the
-- binary's own for the same region, beside the binary's for the others.
CREATE TABLE region_boundaries (
    code        TEXT PRIMARY KEY REFERENCES regions (code),
    parent_code TEXT NOT NULL,
    geometry    TEXT NOT NULL,
    vertices    INTEGER NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    loaded_by   BIGINT,
    loaded_at   TIMESTAMP NOT NULL
);
CREATE INDEX region_boundaries_parent ON region_boundaries (parent_code, code);
