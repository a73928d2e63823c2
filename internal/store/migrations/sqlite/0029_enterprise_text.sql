-- The registry list's text filter (a part of a name or an owner's name,
-- e.g. "kopi" or "zainal") through a trigram index instead of a LIKE over
-- every row: the list walks the names in order and "kopi" names sit under
-- K, so a filter read half the registry before it found a page (0.3-0.8 s
-- at 156,150). FTS5's trigram tokenizer answers LIKE '%word%' from the
-- index for a word of three characters or more; its content is the
-- enterprises' search_text column (no copy: detail=none keeps only which
-- rows hold a trigram, 8 MB at the demo's size), kept by the triggers
-- below on every write path.
CREATE VIRTUAL TABLE enterprise_text USING fts5(search_text, content='enterprises', content_rowid='id', tokenize='trigram', detail='none');
INSERT INTO enterprise_text(enterprise_text) VALUES ('rebuild');
CREATE TRIGGER enterprise_text_insert AFTER INSERT ON enterprises BEGIN
    INSERT INTO enterprise_text (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER enterprise_text_delete AFTER DELETE ON enterprises BEGIN
    INSERT INTO enterprise_text (enterprise_text, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER enterprise_text_update AFTER UPDATE OF search_text ON enterprises BEGIN
    INSERT INTO enterprise_text (enterprise_text, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO enterprise_text (rowid, search_text) VALUES (new.id, new.search_text);
END;
