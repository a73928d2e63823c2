-- An import looks its rows' duplicates up by these keys (the owner's NIK,
-- the village) instead of reading the whole registry; the NIB, district and
-- regency have indexes already.
CREATE INDEX enterprises_owner_nik ON enterprises (owner_nik);
CREATE INDEX enterprises_village ON enterprises (village_code);
