-- Who an import belongs to, and which records are still its own.
--
-- imports.org_id: the office (organisation) of the user who ran it, kept as
-- it was then. Only that office and admins list and undo it.
ALTER TABLE imports ADD COLUMN org_id BIGINT;
UPDATE imports SET org_id = (SELECT u.org_id FROM users u WHERE u.id = imports.user_id);

-- enterprises.import_id: the import that created the record. Ids are reused
-- (an import numbers its rows after the largest id and then sets the identity
-- sequence back to it), so an id in import_items alone may name a
-- record entered by hand after the imported one was deleted; undo deletes
-- only rows that carry its own id. No foreign key: imports are never
-- deleted, and the check would cost every imported row a look-up.
ALTER TABLE enterprises ADD COLUMN import_id BIGINT;
-- Earlier imports: a row is the import's when it was created at the very
-- second the import ran (an import stamps its rows with its own time). One
-- join, not a look-up per row: import_items has no index by enterprise.
UPDATE enterprises SET import_id = x.import_id
FROM (SELECT i.enterprise_id, MAX(i.import_id) AS import_id
      FROM import_items i JOIN imports m ON m.id = i.import_id JOIN enterprises e ON e.id = i.enterprise_id
      WHERE i.action = 'inserted' AND m.at = e.created_at
      GROUP BY i.enterprise_id) x
WHERE enterprises.id = x.enterprise_id;
