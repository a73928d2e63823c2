package exportstats

import (
	"bytes"
	"os"
	"testing"

	"github.com/siapekspor/siapekspor/internal/fuzzcheck"
)

// FuzzRead reads any bytes as a BPS-style export table: a report whose
// every problem and warning is a message, or a refusal with one. Run it
// longer with
//
//	go test -run '^$' -fuzz '^FuzzRead$' -fuzztime 5m ./internal/exportstats/
func FuzzRead(f *testing.F) {
	for _, p := range []string{longSample, wideSample} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b[:min(len(b), 2<<10)]) // the head: a long seed slows every run
		}
	}
	f.Add([]byte("Negara;Tahun;Bulan;Nilai FOB (US$)\nJepang;2024;1;1.234,5\nJumlah;2024;1;1.234,5\n"))
	f.Add([]byte("Provinsi,Tahun,HS,Komoditas,Negara Tujuan,Berat (Kg),Nilai (US$)\nLampung,2024,0901,Kopi,Jepan,10,\"1,5\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 256<<10 {
			t.Skip()
		}
		rep, err := Read(fuzzcheck.Context(t), bytes.NewReader(data), int64(len(data)), "fuzz.csv", Options{Province: "18"})
		if err != nil {
			fuzzcheck.NotHung(t, err, len(data))
			fuzzcheck.Error(t, err)
			return
		}
		if len(rep.Problems) > MaxProblems+1 {
			t.Fatalf("%d problems listed", len(rep.Problems))
		}
		for _, ps := range [][]Problem{rep.Problems, rep.Warnings} {
			for _, p := range ps {
				fuzzcheck.Message(t, p.Key, p.Args...)
				if len(p.Value) > maxShownValue+len("…") {
					t.Fatalf("a problem shows %d bytes", len(p.Value))
				}
			}
		}
		if rep.OK() != (len(rep.Problems) == 0) || (len(rep.Problems) > 0 && rep.Rows != nil) {
			t.Fatalf("OK %v with %d problems and %d rows", rep.OK(), len(rep.Problems), len(rep.Rows))
		}
	})
}
