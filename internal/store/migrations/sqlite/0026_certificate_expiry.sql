-- The expiring certificates page reads one page at a time from a cursor
-- (expires_on, id), soonest first: the expiry index carries the id, so
-- both engines read the page's rows in order from the index and stop,
-- instead of sorting every certificate of the window per page.
DROP INDEX certificates_expiry;
CREATE INDEX certificates_expiry ON certificates (expires_on, id) WHERE expires_on <> '';
