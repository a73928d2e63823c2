package importer

import (
	"io"
	"reflect"
	"testing"
)

type rowsTable struct{ rows [][]string }

func (t *rowsTable) Next() ([]string, int, error) {
	if len(t.rows) == 0 {
		return nil, 0, io.EOF
	}
	r := t.rows[0]
	t.rows = t.rows[1:]
	return append([]string(nil), r...), 0, nil
}
func (t *rowsTable) Close() error { return nil }

func TestUnguard(t *testing.T) {
	for in, want := range map[string]string{"'+62812": "+62812", "'=1+1": "=1+1", "'-": "-", "'@x": "@x", "'Ain": "'Ain", "''+6": "''+6", "'": "'", "+62": "+62", "": ""} {
		if got := Unguard(in); got != want {
			t.Errorf("Unguard(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnguardedDropsReportColumns(t *testing.T) {
	read := func(rows ...[]string) [][]string {
		tb := Unguarded(&rowsTable{rows}, "Baris di berkas asal", "Alasan ditolak", "Line in the original file", "Why it was refused")
		var out [][]string
		for {
			c, _, err := tb.Next()
			if err != nil {
				return out
			}
			out = append(out, c)
		}
	}
	got := read([]string{"Daftar UMKM"}, []string{"Line in the original file", "Why it was refused", "Nama Usaha", "No HP"}, []string{"7", "D (No HP): bad", "Kopi", "'+62812"})
	want := [][]string{{"Daftar UMKM"}, {"Nama Usaha", "No HP"}, {"Kopi", "+62812"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rejected-rows file: %q", got)
	}
	// An ordinary file keeps its columns, even one named like a report's.
	got = read([]string{"Alasan ditolak", "Nama Usaha"}, []string{"x", "Kopi"})
	if !reflect.DeepEqual(got, [][]string{{"Alasan ditolak", "Nama Usaha"}, {"x", "Kopi"}}) {
		t.Errorf("ordinary file: %q", got)
	}
}
