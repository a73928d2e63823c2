// Package residency hands back the pages of the program's own file that it
// read once and no longer uses.
//
// The binary carries its reference data (regions, HS codes, the world's
// trade figures: about 17 MB compressed), its templates, fonts and
// translations. The pages a start or a first page read stay resident,
// counted in the process's resident memory, until the kernel needs the
// memory back — read once, they are never used again. They are clean and
// backed by the file: dropped, a page that is used again is read back from
// the page cache on its next touch (a minor fault), so handing them back
// costs a few milliseconds and leaves the resident figure at what serve
// uses (docs/scaling.md, "Memory of serve").
package residency

// Dropped says what one Drop handed back.
type Dropped struct {
	Mappings int   // the file's read-only mappings
	Bytes    int64 // resident before the drop
}
