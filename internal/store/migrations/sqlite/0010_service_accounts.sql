-- A service account is for scripts: it has no password, never signs in
-- through a browser and acts only through API tokens made by an operator.
ALTER TABLE users ADD COLUMN service BOOLEAN NOT NULL DEFAULT FALSE;
