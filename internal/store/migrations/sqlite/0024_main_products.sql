-- What an enterprise makes, in the office's words (an import's "Produk Utama"
-- column, the form's field): searchable before any product is recorded.
ALTER TABLE enterprises ADD COLUMN main_products TEXT NOT NULL DEFAULT '';
