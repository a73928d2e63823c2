-- The map's enterprise points as a summary (issue 18 item 3): per cell of
-- the clusters' grid at a few zooms (cluster.CellOf: 2^(zoom+2) cells a
-- world side) and per region an enterprise is counted at (its regency at
-- every zoom, its province and district at some: mappoints.go's
-- addPoints), the enterprises with coordinates in it: their
-- number, the sums of their positions in millionths of a degree and of
-- their ids (the enterprise's own id when n is 1). Kept in the transaction
-- of every change of an enterprise (mappoints.go, beside counts.go), filled
-- by the migration's Go step; /geo/points merges a zoom's cells into its
-- grid instead of reading the enterprises. Cells emptied stay with n = 0.
CREATE TABLE point_cells (
    zoom        INTEGER NOT NULL,
    region_code TEXT NOT NULL,
    x           BIGINT NOT NULL,
    y           BIGINT NOT NULL,
    n           BIGINT NOT NULL,
    lat_e6      BIGINT NOT NULL,
    lng_e6      BIGINT NOT NULL,
    id_sum      BIGINT NOT NULL,
    PRIMARY KEY (zoom, region_code, x, y)
);

-- Past the summary's deepest zoom the map reads the enterprises in the
-- view: by province and position first, so that a province's small view is
-- a narrow range of the index, not the whole province.
DROP INDEX enterprises_point;
CREATE INDEX enterprises_point ON enterprises (province_code, lat, lng, regency_code, district_code) WHERE lat IS NOT NULL;
