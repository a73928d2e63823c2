-- Each BPS table keeps its monthly values as the export comparison reads
-- them (exportcompare.EncodeStatCells): a view decodes one text per table
-- instead of reading the table's rows (issue 16 item 3). The Go code this
-- migration runs after this statement (store.fillCompareCells) writes
-- them for the tables already stored.
ALTER TABLE export_stat_loads ADD COLUMN compare_cells TEXT NOT NULL DEFAULT '';
