-- The enterprise's tax number (NPWP): 15 digits (legacy) or 16 (since 2024;
-- a person's is the NIK), digits only, '' when unknown. Checked in Go.
ALTER TABLE enterprises ADD COLUMN npwp TEXT NOT NULL DEFAULT '';
