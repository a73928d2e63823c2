package importer

import (
	"strings"
	"unicode"
)

// Field is a column the importer understands.
type Field string

const (
	FName         Field = "name"
	FOwnerName    Field = "owner_name"
	FOwnerNIK     Field = "owner_nik"
	FNIB          Field = "nib"
	FNPWP         Field = "npwp"
	FAddress      Field = "address"
	FVillage      Field = "village"
	FDistrict     Field = "district"
	FRegency      Field = "regency"
	FPhone        Field = "phone"
	FEmail        Field = "email"
	FSector       Field = "sector"
	FKBLI         Field = "kbli"
	FProducts     Field = "products"
	FWorkers      Field = "workers"
	FCapital      Field = "capital"
	FTurnoverYear Field = "turnover_year"
	FTurnoverMon  Field = "turnover_month"
	FFounded      Field = "founded"
	FExportStatus Field = "export_status"
	FLegalForm    Field = "legal_form"
	// FID is the registry's own id of the enterprise, as an export writes
	// it: a row naming a registered enterprise by its id and name is that
	// enterprise (the store checks both), so an edited export imports back.
	FID Field = "id"
	// Columns that have a home (see columns.go).
	FProvinceCode Field = "province_code"
	FRegencyCode  Field = "regency_code"
	FDistrictCode Field = "district_code"
	FVillageCode  Field = "village_code"
	FRegionCode   Field = "region_code" // a whole code in one column: 18.01.01.2001
	FLat          Field = "lat"
	FLng          Field = "lng"
	FCoordinates  Field = "coordinates" // "-5.4, 105.2" in one column
)

// Fields lists the importable fields in display order.
var Fields = []Field{FName, FOwnerName, FOwnerNIK, FNIB, FNPWP, FAddress, FVillage, FDistrict, FRegency, FPhone, FEmail,
	FSector, FKBLI, FProducts, FWorkers, FCapital, FTurnoverYear, FTurnoverMon, FFounded, FExportStatus, FLegalForm, FID,
	FProvinceCode, FRegencyCode, FDistrictCode, FVillageCode, FRegionCode, FLat, FLng, FCoordinates}

// LabelKey is the message key of the field's name in words, for the
// mapping step and the dry run's column list.
func (f Field) LabelKey() string { return "importfield." + string(f) }

// synonyms are the column names offices use for each field, in normalised
// form (lower case, punctuation as spaces). A header matches a field when
// its normalised text equals a synonym.
var synonyms = map[Field][]string{
	FName:      {"nama usaha", "nama umkm", "nama ikm", "nama ukm", "nama perusahaan", "nama badan usaha", "nama koperasi", "nama unit usaha", "usaha", "nama"},
	FOwnerName: {"nama pemilik", "pemilik", "nama pengusaha", "nama pelaku usaha", "penanggung jawab", "nama penanggung jawab", "owner"},
	FOwnerNIK:  {"nik", "nik pemilik", "no ktp", "nomor ktp", "no nik", "nomor nik"},
	FNIB:       {"nib", "no nib", "nomor nib", "nomor induk berusaha"},
	FNPWP:      {"npwp", "no npwp", "nomor npwp", "npwp usaha", "npwp pemilik", "nomor pokok wajib pajak"},
	FAddress:   {"alamat", "alamat usaha", "alamat lengkap", "alamat tempat usaha", "jalan", "alamat perusahaan", "alamat kantor", "alamat pabrik", "alamat tempat produksi", "alamat produksi"},
	FVillage:   {"desa", "kelurahan", "desa kelurahan", "kelurahan desa", "desa kel", "kel desa", "pekon", "kampung"},
	FDistrict:  {"kecamatan", "kec"},
	FRegency:   {"kabupaten", "kota", "kabupaten kota", "kab kota", "kota kabupaten", "kab"},
	FPhone: {"no hp", "nomor hp", "hp", "no telp", "no telepon", "nomor telepon", "telepon", "telp", "no wa", "wa", "whatsapp", "no hp wa", "kontak", "no kontak",
		"no hp pemilik", "hp pemilik", "nomor hp pemilik", "no handphone", "handphone", "no ponsel", "ponsel", "no whatsapp", "nomor whatsapp", "nomor wa",
		"no telp hp", "telp hp", "no telp usaha", "telepon usaha", "no telp kantor", "telp kantor"},
	FEmail:  {"email", "e mail", "alamat email", "surel", "email usaha", "email pemilik", "e mail usaha", "alamat e mail", "surel usaha"},
	FSector: {"jenis usaha", "sektor", "sektor usaha", "bidang usaha", "bidang", "kategori usaha"},
	FKBLI:   {"kbli", "kode kbli", "no kbli"},
	FProducts: {"produk", "komoditas", "komoditi", "produk unggulan", "produk utama", "jenis produk", "nama produk",
		"produk yang dihasilkan", "hasil produksi", "jenis produksi", "jenis komoditas", "jenis komoditi"},
	FWorkers:      {"tenaga kerja", "jumlah tenaga kerja", "jml tenaga kerja", "tk", "jumlah tk", "karyawan", "jumlah karyawan", "pekerja", "jumlah pekerja"},
	FCapital:      {"modal", "modal usaha", "aset", "asset", "nilai aset", "modal aset", "investasi", "nilai investasi"},
	FTurnoverYear: {"omzet", "omset", "omzet per tahun", "omset per tahun", "omzet tahunan", "omset tahunan", "omzet th", "omzet pertahun", "omset pertahun", "penjualan per tahun", "omzet rp per tahun"},
	FTurnoverMon:  {"omzet per bulan", "omset per bulan", "omzet bulanan", "omset bulanan", "omzet bln", "omzet perbulan", "omset perbulan", "omzet rp per bulan"},
	FFounded:      {"tahun berdiri", "tahun", "berdiri", "berdiri sejak", "tanggal berdiri", "tgl berdiri", "tahun mulai usaha", "mulai usaha"},
	FExportStatus: {"status ekspor", "ekspor", "sudah ekspor", "status eksport"},
	FID:           {"id", "id usaha", "id siapekspor"},
	FLegalForm:    {"bentuk usaha", "badan usaha", "bentuk badan usaha", "badan hukum", "legalitas"},
	FProvinceCode: {"kode prov", "kode provinsi", "kode propinsi", "kd prov", "kdprov", "kode prop"},
	FRegencyCode:  {"kode kab", "kode kabupaten", "kode kab kota", "kode kabupaten kota", "kode kota", "kd kab", "kdkab"},
	FDistrictCode: {"kode kec", "kode kecamatan", "kd kec", "kdkec"},
	FVillageCode:  {"kode desa", "kode kel", "kode kelurahan", "kode desa kel", "kode desa kelurahan", "kd desa", "kddesa"},
	FRegionCode:   {"kode wilayah", "kode wil", "kode daerah", "kode kemendagri", "kode wilayah kemendagri"},
	FLat:          {"lat", "latitude", "lintang", "garis lintang"},
	FLng:          {"lon", "long", "lng", "longitude", "bujur", "garis bujur"},
	FCoordinates:  {"koordinat", "titik koordinat", "koordinat gps", "lokasi gps", "gps", "lat long", "latlong", "lat lon", "lat lng"},
}

var headerIndex = func() map[string]Field {
	m := map[string]Field{}
	for f, names := range synonyms {
		for _, n := range names {
			m[n] = f
		}
	}
	return m
}()

// normHeader is the comparison form of a header: lower case, punctuation
// and repeated spaces folded, so "No. HP / WA" becomes "no hp wa".
func normHeader(s string) string {
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}

// GuessField returns the field a header names, if any.
func GuessField(header string) (Field, bool) {
	n := normHeader(header)
	if f, ok := headerIndex[n]; ok {
		return f, true
	}
	// "Omzet (Rp/bulan)", "Modal (Rp)": drop a unit in brackets or after.
	for _, unit := range []string{" rp", " rupiah", " orang", " jiwa"} {
		n = strings.ReplaceAll(n, unit, "")
	}
	if f, ok := headerIndex[strings.TrimSpace(n)]; ok {
		return f, true
	}
	for _, w := range strings.Fields(n) {
		switch w {
		case "hp", "telp", "telepon", "wa", "whatsapp", "ponsel":
			return FPhone, true
		}
	}
	if strings.Contains(n, "omzet") || strings.Contains(n, "omset") {
		if strings.Contains(n, "bulan") || strings.Contains(n, "bln") {
			return FTurnoverMon, true
		}
		return FTurnoverYear, true
	}
	// "Nama Pemilik/Penanggung Jawab", "Jenis Produk/Komoditi": alternatives
	// for one field; alternatives naming two fields ("Desa/Kecamatan") are
	// no guess. A spaced " / " joins a group heading and its sub-heading
	// (guessColumn), not alternatives.
	if strings.Contains(header, "/") && !strings.Contains(header, " / ") {
		var found Field
		for _, alt := range strings.Split(header, "/") {
			f, ok := headerIndex[normHeader(alt)]
			switch {
			case !ok:
			case found == "":
				found = f
			case f != found:
				return "", false
			}
		}
		return found, found != ""
	}
	return "", false
}

// Mapping says which column (0-based) holds each field.
type Mapping map[Field]int

// SavedMapping is a mapping kept in a JSON file: field → header text as it
// appears in the file ({"name": "Nama UMKM", "turnover_month": "Omzet/bln"}).
type SavedMapping map[Field]string

// Resolve turns a saved mapping into column numbers for a header row,
// overriding the guess; a header it names that the file lacks is an error.
func (s SavedMapping) Resolve(header []string, guess Mapping) (Mapping, error) {
	out := Mapping{}
	for f, c := range guess {
		out[f] = c
	}
	for f, name := range s {
		if !validField(f) {
			return nil, fileError("import.map_unknown_field", string(f))
		}
		col := -1
		for i, h := range header {
			if normHeader(h) == normHeader(name) {
				col = i
				break
			}
		}
		if col < 0 {
			return nil, fileError("import.map_missing_column", name, string(f))
		}
		// The column now belongs to f only.
		for g, c := range out {
			if c == col {
				delete(out, g)
			}
		}
		out[f] = col
	}
	return out, nil
}

func validField(f Field) bool {
	for _, x := range Fields {
		if x == f {
			return true
		}
	}
	return false
}
