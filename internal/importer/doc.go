// Package importer turns the rows of enterprise, product, buying-request
// and export-record lists — as regency and city offices keep them, in
// their own column names and spellings — into records, or into problems
// with the line, the column and the reason. The files themselves are read
// by the sheet package; the importer touches no database: the store saves
// what it accepts, all or nothing.
package importer

import "github.com/siapekspor/siapekspor"

// fileError is a problem with the whole file, as a message key.
func fileError(key string, args ...any) error {
	return siapekspor.Errorf(siapekspor.EInvalid, key, args...)
}
