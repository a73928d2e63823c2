-- The public catalogue reads the listed products of the enterprises that
-- agreed to be listed (listing_consents, a few hundred) from this index
-- alone: each one's validated products with what the catalogue's counts
-- and filters need, without a visit to the products table's rows.
CREATE INDEX products_catalogue ON products (validation, enterprise_id, hs_code, category, capacity_per_month, validated_at, id);
