package bulk_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/fuzzcheck"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/media"
	"github.com/siapekspor/siapekspor/internal/readiness"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
	"github.com/siapekspor/siapekspor/internal/tradeload"
)

// The worst files of each kind an outside user can upload: zip bombs,
// long tags, giant fields, rows that cost the most to check. The benchmark
// in worst_bench_test.go prints what each costs; the tests below check, on
// smaller copies, that each is refused or read within its limits and that
// every reader stops when its context is cancelled.

// worstCase is one nasty file and the reader it goes to.
type worstCase struct {
	name string
	make func(size int) []byte // a file of about size bytes (the shape, not the size, may matter)
	// read hands the file to the code an upload reaches; ctx is nil-safe.
	read func(ctx context.Context, db *store.DB, file []byte) error
	// noContext: the reader takes no context (its input is small and bounded).
	noContext bool
}

func importEnterprises(ctx context.Context, db *store.DB, file []byte) error {
	_, err := bulk.Import(ctx, db, bulk.ImportRequest{File: bytes.NewReader(file), Size: int64(len(file)), FileName: "worst", Province: "18", DryRun: true}, nil)
	return err
}

func importStats(ctx context.Context, db *store.DB, file []byte) error {
	_, err := tradeload.ImportExportStats(ctx, db, bytes.NewReader(file), int64(len(file)), "worst.csv", "18", true)
	return err
}

func worstTrade(format string) func(ctx context.Context, db *store.DB, file []byte) error {
	return func(ctx context.Context, db *store.DB, file []byte) error {
		_, err := tradeload.LoadTrade(ctx, db, tradeload.TradeRequest{File: bytes.NewReader(file), FileName: "BACI_HS17_Y2022_V202401.csv", Format: format, DryRun: true})
		return err
	}
}

func worstCases(dir string) []worstCase {
	photo := func(_ context.Context, _ *store.DB, file []byte) error {
		_, err := (&media.Store{Dir: dir}).SavePhoto(bytes.NewReader(file))
		return err
	}
	return []worstCase{
		{name: "xlsx-merge-cell-tag-over-buffer", make: mergeCellOverBuffer, read: importEnterprises},
		{name: "xlsx-zip-bomb-shared-strings", make: sharedStringsBomb, read: importEnterprises},
		{name: "xlsx-many-tiny-shared-strings", make: manySharedStrings, read: importEnterprises},
		{name: "xlsx-zip-bomb-sheet", make: sheetBomb, read: importEnterprises},
		{name: "xlsx-padded-cells", make: paddedCells, read: importEnterprises},
		{name: "xlsx-long-tag-quoted-gt", make: longQuotedTag, read: importEnterprises},
		{name: "xlsx-long-cell-ampersands", make: ampersandCell, read: importEnterprises},
		{name: "xlsx-many-merge-cells", make: manyMergeCells, read: importEnterprises},
		{name: "xlsx-long-tags-within-limits", make: longTagsWithinLimits, read: importEnterprises},
		{name: "xlsx-long-cells-within-limits", make: longCellsWithinLimits, read: importEnterprises},
		{name: "xlsx-tiny-tags-within-limits", make: tinyTagsWithinLimits, read: importEnterprises},
		{name: "xlsx-shared-string-amplified", make: sharedStringAmplified, read: importEnterprises},
		{name: "xlsx-unknown-regions", make: unknownRegionsXLSX, read: importEnterprises},
		{name: "csv-giant-quoted-field", make: giantQuotedField, read: importEnterprises},
		{name: "csv-many-columns", make: manyColumnsCSV, read: importEnterprises},
		{name: "csv-unknown-regions", make: unknownRegionsCSV, read: importEnterprises},
		{name: "stats-many-cells", make: statsManyCells, read: importStats},
		{name: "stats-zip-bomb-sheet", make: sheetBomb, read: importStats},
		{name: "baci-garbage-rows", make: baciGarbage, read: worstTrade("baci")},
		{name: "baci-one-giant-line", make: baciOneLine, read: worstTrade("baci")},
		{name: "baci-unclosed-quote", make: baciUnclosedQuote, read: worstTrade("baci")},
		{name: "comtrade-garbage-rows", make: comtradeGarbage, read: worstTrade("comtrade")},
		{name: "image-png-huge-dimensions", make: pngHugeDimensions, read: photo, noContext: true},
		{name: "image-png-16bit-40-megapixels", make: png16(6300), read: photo, noContext: true},
		{name: "image-png-16bit-at-decode-limit", make: png16(3500), read: photo, noContext: true},
		{name: "image-jpeg-40-megapixels", make: jpeg40, read: photo, noContext: true},
		{name: "requirements-json-many-elements", make: requirementsManyElements, noContext: true,
			read: func(_ context.Context, _ *store.DB, file []byte) error {
				_, _, err := market.LoadRequirements(bytes.NewReader(file), "worst.json")
				return err
			}},
		{name: "questionnaire-json-deep", make: questionnaireDeep, noContext: true,
			read: func(_ context.Context, _ *store.DB, file []byte) error {
				_, err := readiness.Parse(file)
				return err
			}},
	}
}

// --- XLSX building ---

const workbookXML = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`

const relsXML = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`

// headerRow is a header the enterprise import recognises, as inline strings.
const headerRow = `<row r="1"><c r="A1" t="inlineStr"><is><t>Nama Usaha</t></is></c><c r="B1" t="inlineStr"><is><t>Nama Pemilik</t></is></c><c r="C1" t="inlineStr"><is><t>Kabupaten/Kota</t></is></c><c r="D1" t="inlineStr"><is><t>Kecamatan</t></is></c></row>`

// part is a file inside an XLSX: prefix, then unit repeated, then suffix.
// Repeated units are compressed once and the compressed bytes repeated, so
// a part of gigabytes costs only the time to copy its compressed form (and
// to checksum it: archive/zip checks the declared size and CRC, so a bomb
// must declare them truly; the reader must still count what it reads).
type part struct {
	name                 string
	prefix, unit, suffix string
	repeat               int
}

// deflateChunk compresses s as non-final deflate blocks, ending byte-aligned
// (Flush), so chunks may be concatenated: no chunk refers to data before it.
func deflateChunk(s string) []byte {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	io.WriteString(w, s)
	w.Flush()
	return buf.Bytes()
}

func buildXLSX(parts ...part) []byte {
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	all := append([]part{{name: "xl/workbook.xml", prefix: workbookXML}, {name: "xl/_rels/workbook.xml.rels", prefix: relsXML}}, parts...)
	for _, p := range all {
		var raw bytes.Buffer
		crc := crc32.NewIEEE()
		size := uint64(len(p.prefix) + len(p.suffix))
		raw.Write(deflateChunk(p.prefix))
		io.WriteString(crc, p.prefix)
		if p.repeat > 0 {
			// Units are grouped to about 1 MB before compressing, so the
			// compressor sees the repetition.
			group := max(1, (1<<20)/max(1, len(p.unit)))
			chunk := strings.Repeat(p.unit, min(group, p.repeat))
			comp := deflateChunk(chunk)
			n := p.repeat
			for n >= group {
				raw.Write(comp)
				io.WriteString(crc, chunk)
				n -= group
			}
			if n > 0 {
				rest := strings.Repeat(p.unit, n)
				raw.Write(deflateChunk(rest))
				io.WriteString(crc, rest)
			}
			size += uint64(len(p.unit)) * uint64(p.repeat)
		}
		raw.Write(deflateChunk(p.suffix))
		io.WriteString(crc, p.suffix)
		raw.Write([]byte{0x03, 0x00}) // a final, empty block
		w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: crc.Sum32(),
			CompressedSize64: uint64(raw.Len()), UncompressedSize64: size})
		if err != nil {
			panic(err)
		}
		w.Write(raw.Bytes())
	}
	zw.Close()
	return out.Bytes()
}

func sheetPart(prefix, unit, suffix string, repeat int) part {
	return part{name: "xl/worksheets/sheet1.xml", prefix: `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + prefix,
		unit: unit, suffix: suffix + `</worksheet>`, repeat: repeat}
}

// compressedPerUnit estimates the compressed size of one unit in a long run.
func compressedPerUnit(unit string) float64 {
	group := max(1, (1<<20)/max(1, len(unit)))
	return float64(len(deflateChunk(strings.Repeat(unit, group)))) / float64(group)
}

func unitsFor(size int, unit string) int {
	return max(1, int(float64(size)/compressedPerUnit(unit)))
}

// mergeCellOverBuffer is the 2 KB file of the issue: a mergeCell tag longer
// than the merged-cell scanner's read buffer.
func mergeCellOverBuffer(int) []byte {
	return buildXLSX(sheetPart(`<sheetData>`+headerRow+`</sheetData><mergeCells count="1"><mergeCell ref="A1:B2" x="`, " ", `"/></mergeCells>`, 300<<10))
}

// sharedStringsBomb: shared strings of 32,000 characters each, gigabytes of
// them, declared as 1 KB.
func sharedStringsBomb(size int) []byte {
	unit := `<si><t>` + strings.Repeat("A", 32000) + `</t></si>`
	return buildXLSX(sheetPart(`<sheetData>`+headerRow+`</sheetData>`, "", "", 0),
		part{name: "xl/sharedStrings.xml", prefix: `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="9999999">`,
			unit: unit, suffix: `</sst>`, repeat: min(unitsFor(size, unit), 1<<19)})
}

// manySharedStrings: hundreds of millions of empty shared strings.
func manySharedStrings(size int) []byte {
	unit := `<si/>`
	return buildXLSX(sheetPart(`<sheetData>`+headerRow+`</sheetData>`, "", "", 0),
		part{name: "xl/sharedStrings.xml", prefix: `<sst>`, unit: unit, suffix: `</sst>`, repeat: min(unitsFor(size, unit), 1<<30)})
}

// sheetBomb: a sheet of gigabytes of rows of ordinary cells.
func sheetBomb(size int) []byte {
	unit := `<row><c t="inlineStr"><is><t>Usaha</t></is></c><c t="inlineStr"><is><t>Pemilik</t></is></c><c t="inlineStr"><is><t>Antah Berantah</t></is></c><c t="inlineStr"><is><t>Entah</t></is></c></row>`
	return buildXLSX(sheetPart(`<sheetData>`+headerRow, unit, `</sheetData>`, min(unitsFor(size, unit), 1<<25)))
}

// paddedCells: every row's one cell sits in the last column, so each row
// of 24 bytes makes 16,384 cells; the sheet stays within its size limit.
func paddedCells(size int) []byte {
	unit := `<row><c r="XFD9"/></row>`
	return buildXLSX(sheetPart(`<sheetData>`+headerRow, unit, `</sheetData>`, min(unitsFor(size, unit), sheet.MaxPartBytes/len(unit)-1024)))
}

// longQuotedTag: one tag of many megabytes whose attribute value is full
// of ">" — the quadratic case.
func longQuotedTag(size int) []byte {
	return buildXLSX(sheetPart(`<sheetData>`+headerRow+`<row r="2" x="`, ">", `"></row></sheetData>`, min(unitsFor(size, ">"), 1<<31)))
}

// ampersandCell: a cell of ampersands with no entity ending.
func ampersandCell(size int) []byte {
	return buildXLSX(sheetPart(`<sheetData>`+headerRow+`<row r="2"><c r="A2" t="inlineStr"><is><t>`, "&", `</t></is></c></row></sheetData>`, min(unitsFor(size, "&"), 1<<31)))
}

// longTagsWithinLimits: a sheet just under the part limit made of tags just
// under the tag limit, each full of quoted ">": the most scanning a sheet
// can ask for without being refused early.
func longTagsWithinLimits(int) []byte {
	unit := `<row r="2" x="` + strings.Repeat(">", sheet.MaxTagBytes-64) + `"/>`
	return buildXLSX(sheetPart(`<sheetData>`+headerRow, unit, `</sheetData>`, sheet.MaxPartBytes/len(unit)-2))
}

// tinyTagsWithinLimits: a sheet just under the part limit of the shortest
// tags there are, each a step of the scanner.
func tinyTagsWithinLimits(int) []byte {
	return buildXLSX(sheetPart(`<sheetData>`+headerRow, `<a/>`, `</sheetData>`, sheet.MaxPartBytes/4-1024))
}

// longCellsWithinLimits: rows of seven cells of 128 KB of "&" (each
// decoded a byte at a time), up to the part's limit.
func longCellsWithinLimits(int) []byte {
	cell := `<c t="inlineStr"><is><t>` + strings.Repeat("&", sheet.MaxCellBytes-1) + `</t></is></c>`
	unit := `<row>` + strings.Repeat(cell, 7) + `</row>`
	return buildXLSX(sheetPart(`<sheetData>`+headerRow, unit, `</sheetData>`, sheet.MaxPartBytes/len(unit)-2))
}

// sharedStringAmplified: one shared string of 128 KB used in every cell of
// rows of seven: 150 bytes of sheet make 900 KB of text, until the file's
// text limit.
func sharedStringAmplified(int) []byte {
	unit := `<row>` + strings.Repeat(`<c t="s"><v>0</v></c>`, 7) + `</row>`
	return buildXLSX(sheetPart(`<sheetData>`+headerRow, unit, `</sheetData>`, 1<<20),
		part{name: "xl/sharedStrings.xml", prefix: `<sst><si><t>` + strings.Repeat("Lampung ", sheet.MaxCellBytes/8-1) + `</t></si></sst>`})
}

// manyMergeCells: millions of merged ranges after a normal header.
func manyMergeCells(size int) []byte {
	unit := `<mergeCell ref="A2:B3"/>`
	return buildXLSX(sheetPart(`<sheetData>`+headerRow+`</sheetData><mergeCells>`, unit, `</mergeCells>`, min(unitsFor(size, unit), 1<<25)))
}

// unknownRegionRow is a row whose regency no region has, but close to some
// (so the suggestion has candidates to weigh), varied so it compresses
// like real data.
func unknownRegionRow(i int) []string {
	return []string{fmt.Sprintf("Usaha Contoh %d", i), "Pemilik", fmt.Sprintf("Kabupaten Lampung Slatan%c%c", 'a'+i%26, 'a'+(i/26)%26), "Kalianda"}
}

func unknownRegionsXLSX(size int) []byte {
	var b strings.Builder
	for i := 0; b.Len() < 24*size && i <= sheet.MaxRows; i++ { // more rows are refused
		b.WriteString(`<row>`)
		for _, c := range unknownRegionRow(i) {
			b.WriteString(`<c t="inlineStr"><is><t>` + c + `</t></is></c>`)
		}
		b.WriteString(`</row>`)
	}
	return buildXLSX(sheetPart(`<sheetData>`+headerRow+b.String()+`</sheetData>`, "", "", 0))
}

func giantQuotedField(size int) []byte {
	var b bytes.Buffer
	b.WriteString("Nama Usaha,Nama Pemilik,Kabupaten/Kota\n\"")
	b.Write(bytes.Repeat([]byte("x\"\"y\n"), size/5))
	b.WriteString("\",Pemilik,Lampung Selatan\n")
	return b.Bytes()
}

func manyColumnsCSV(size int) []byte {
	var b bytes.Buffer
	b.WriteString("Nama Usaha,Nama Pemilik,Kabupaten/Kota\nUsaha,Pemilik,Lampung Selatan")
	b.Write(bytes.Repeat([]byte(","), size))
	b.WriteString("\n")
	return b.Bytes()
}

func unknownRegionsCSV(size int) []byte {
	var b bytes.Buffer
	b.WriteString("Nama Usaha,Nama Pemilik,Kabupaten/Kota,Kecamatan\n")
	for i := 0; b.Len() < size; i++ {
		b.WriteString(strings.Join(unknownRegionRow(i), ",") + "\n")
	}
	return b.Bytes()
}

func statsManyCells(size int) []byte {
	var b bytes.Buffer
	b.WriteString("Tahun,Negara Tujuan,Nilai FOB (US$)\n")
	row := "2024,Jepang,1" + strings.Repeat(",", 997) + "\n"
	for b.Len() < size {
		b.WriteString(row)
	}
	return b.Bytes()
}

func baciGarbage(size int) []byte {
	var b bytes.Buffer
	b.WriteString("t,i,j,k,v,q\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "20x%d,999,-4,ABCDEF,not a number,??\n", i%10)
	}
	return b.Bytes()
}

func baciOneLine(size int) []byte {
	return append([]byte("t,i,j,k,v,q\n2022,"), bytes.Repeat([]byte("9"), size)...)
}

func baciUnclosedQuote(size int) []byte {
	var b bytes.Buffer
	b.WriteString("t,i,j,k,v,q\n2022,\"")
	for b.Len() < size {
		b.WriteString("2022,360,392,090111,1.5,2\n")
	}
	return b.Bytes()
}

func comtradeGarbage(size int) []byte {
	var b bytes.Buffer
	b.WriteString("refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "19%d,XXX,YYY,M,99999%d,-1\n", i%10, i%10)
	}
	return b.Bytes()
}

// pngHugeDimensions is a small PNG whose header declares 65,535 × 65,535.
func pngHugeDimensions(int) []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	out := b.Bytes()
	// IHDR's width and height follow the signature, length and type; its
	// checksum covers type and data.
	copy(out[16:24], []byte{0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff})
	binary.BigEndian.PutUint32(out[29:33], crc32.ChecksumIEEE(out[12:29]))
	return out
}

// png16 is a side×side 16-bit RGBA PNG (8 bytes a pixel decoded): at 6,300
// it is under the 40-megapixel limit but over the decoding memory limit;
// at 3,500 it is just under that.
func png16(side int) func(int) []byte {
	return func(int) []byte {
		img := image.NewNRGBA64(image.Rect(0, 0, side, side))
		for i := 0; i < len(img.Pix); i += 8 {
			img.Pix[i+7], img.Pix[i+6] = 0xff, 0xff
		}
		img.SetNRGBA64(1, 1, color.NRGBA64{R: 0xffff, A: 0xffff})
		var b bytes.Buffer
		(&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img)
		return b.Bytes()
	}
}

// jpeg40 is a baseline 4:2:0 JPEG of 39.7 megapixels, just under the limit.
func jpeg40(int) []byte {
	img := image.NewYCbCr(image.Rect(0, 0, 6300, 6300), image.YCbCrSubsampleRatio420)
	for i := range img.Y {
		img.Y[i] = uint8(i / 6300)
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, &jpeg.Options{Quality: 80})
	return b.Bytes()
}

// requirementsManyElements: a JSON array of millions of empty objects, one
// a line (every one a problem, each once counting lines from the start).
func requirementsManyElements(size int) []byte {
	var b bytes.Buffer
	b.WriteString("[\n")
	for b.Len() < min(size, market.MaxRequirementsBytes)-16 {
		b.WriteString("{},\n")
	}
	b.WriteString("{}]\n")
	return b.Bytes()
}

// questionnaireDeep: the largest questionnaire upload (2 MB), nested deep.
func questionnaireDeep(int) []byte {
	n := (2 << 20) / 8
	return []byte(`{"dimensions":` + strings.Repeat(`[{"a":`, n/2) + strings.Repeat(`}]`, n/2) + `}`)
}

// TestWorstFilesAreRefused hands small copies of the worst files to their
// readers: each is refused with the message of the limit it goes past (or
// read, for those whose shape a limit does not stop), without a panic.
func TestWorstFilesAreRefused(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		file []byte
		read func(context.Context, *store.DB, []byte) error
		want string // the refusal's key; "" for read
	}{
		{"merge cell tag over the buffer", mergeCellOverBuffer(0), importEnterprises, "import.xlsx_tag_too_long"},
		{"shared strings bomb", sharedStringsBomb(128 << 10), importEnterprises, "import.xlsx_strings_too_large"},
		{"many shared strings", manySharedStrings(64 << 10), importEnterprises, "import.xlsx_too_many_strings"},
		{"sheet bomb", sheetBomb(8 << 20), importEnterprises, "import.xlsx_part_too_large"},
		{"padded cells", paddedCells(256 << 10), importEnterprises, "import.too_many_cells"},
		{"long tag", longQuotedTag(32 << 10), importEnterprises, "import.xlsx_tag_too_long"},
		{"long cell", ampersandCell(32 << 10), importEnterprises, "import.cell_too_long"},
		{"merged cells", manyMergeCells(16 << 10), importEnterprises, "import.xlsx_too_many_merges"},
		{"giant quoted field", giantQuotedField(4 << 20), importEnterprises, "import.row_too_long"},
		{"many columns", manyColumnsCSV(100 << 10), importEnterprises, "import.too_many_columns"},
		{"unknown regions", unknownRegionsCSV(64 << 10), importEnterprises, ""},
		{"statistics cells", statsManyCells(4 << 20), importStats, "exportstats.too_large"},
		{"BACI line", baciOneLine(2 << 20), worstTrade("baci"), "trade.record_too_long"},
		{"BACI quote", baciUnclosedQuote(2 << 20), worstTrade("baci"), "trade.record_too_long"},
		{"Comtrade garbage", comtradeGarbage(64 << 10), worstTrade("comtrade"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(sysCtx, fuzzcheck.Hang)
			defer cancel()
			err := tc.read(ctx, db, tc.file)
			fuzzcheck.NotHung(t, err, len(tc.file))
			if tc.want == "" {
				if err != nil {
					t.Fatalf("%v", err)
				}
				return
			}
			fuzzcheck.Error(t, err)
			if de, _ := siapekspor.AsError(err); de.Key != tc.want {
				t.Fatalf("refused with %s, want %s", de.Key, tc.want)
			}
		})
	}
	for name, file := range map[string][]byte{"huge dimensions": pngHugeDimensions(0), "16-bit, 40 megapixels": png16(6300)(0)} {
		_, err := (&media.Store{Dir: dir}).SavePhoto(bytes.NewReader(file))
		if me := (*media.Error)(nil); !errors.As(err, &me) || me.Key != "media.too_many_pixels" {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// cancelAfter is a file that cancels its reader's context once n bytes of
// it were read: the reading is then well under way, whatever the machine.
type cancelAfter struct {
	r      io.ReaderAt
	n      atomic.Int64
	cancel context.CancelFunc
}

func (c *cancelAfter) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	if c.n.Add(int64(n)) > 0 {
		c.cancel()
	}
	return n, err
}

// TestWorstFilesStopWhenCancelled cancels each reader halfway through a
// file and checks it returns the cancellation (the time it takes is a
// figure of the benchmark, not a test).
func TestWorstFilesStopWhenCancelled(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	for _, tc := range []struct {
		name string
		file []byte
		read func(ctx context.Context, file io.ReaderAt, size int64) error
	}{
		{"CSV import", unknownRegionsCSV(4 << 20), func(ctx context.Context, f io.ReaderAt, size int64) error {
			_, err := bulk.Import(ctx, db, bulk.ImportRequest{File: f, Size: size, FileName: "x.csv", Province: "18", DryRun: true}, nil)
			return err
		}},
		{"XLSX import", unknownRegionsXLSX(256 << 10), func(ctx context.Context, f io.ReaderAt, size int64) error {
			_, err := bulk.Import(ctx, db, bulk.ImportRequest{File: f, Size: size, FileName: "x.xlsx", Province: "18", DryRun: true}, nil)
			return err
		}},
		{"statistics", statsLong(4 << 20), func(ctx context.Context, f io.ReaderAt, size int64) error {
			_, err := tradeload.ImportExportStats(ctx, db, f, size, "x.csv", "18", true)
			return err
		}},
		{"BACI", baciGarbage(4 << 20), func(ctx context.Context, f io.ReaderAt, size int64) error {
			_, err := tradeload.LoadTrade(ctx, db, tradeload.TradeRequest{File: io.NewSectionReader(f, 0, size), FileName: "BACI_HS17_Y2022_V202401.csv", Format: "baci", DryRun: true})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(sysCtx)
			defer cancel()
			f := &cancelAfter{r: bytes.NewReader(tc.file), cancel: cancel}
			f.n.Store(-int64(len(tc.file) / 2))
			done := make(chan error, 1)
			go func() { done <- tc.read(ctx, f, int64(len(tc.file))) }()
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("after the cancel: %v", err)
				}
			case <-time.After(fuzzcheck.Hang):
				t.Fatalf("still reading %s after being cancelled", fuzzcheck.Hang)
			}
		})
	}
}

// statsLong is a long statistics table, all of whose rows are read before
// any is checked.
func statsLong(size int) []byte {
	var b bytes.Buffer
	b.WriteString("Tahun,Negara Tujuan,Nilai FOB (US$)\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "2024,Negara %d,%d\n", i, i)
	}
	return b.Bytes()
}

// TestJobCancel cancels a background import: it ends with the
// cancellation, and its upload stays for no one to run.
func TestJobCancel(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	path := filepath.Join(t.TempDir(), "upload.csv")
	if err := os.WriteFile(path, unknownRegionsCSV(8<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	js := bulk.NewJobs(db)
	defer js.Close()
	job, err := js.Start(sysCtx, path, bulk.ImportRequest{FileName: "upload.csv", Province: "18", DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	job.Cancel()
	deadline := time.Now().Add(fuzzcheck.Hang)
	for {
		done, _, err := job.Result()
		if done {
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("a cancelled job ended with %v", err)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the job runs on %s after its cancel", fuzzcheck.Hang)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
