package bulk

import (
	"io"

	"github.com/siapekspor/siapekspor/internal/exportcompare"
)

// WriteComparison writes an export comparison's three tables — by month
// (with the total), by destination, by commodity — as one sheet, a column
// saying which table a row belongs to. Headers are Indonesian with the
// units in them, as the offices' own spreadsheets are; an empty BPS cell
// is a figure no table loaded gives (unknown, not zero).
func WriteComparison(c *exportcompare.Comparison, format string, w io.Writer) error {
	header := []string{"Tabel", "Kunci", "Nama (tabel BPS)", "Nilai BPS (US$, FOB)", "Tabel BPS (ID)", "BPS hanya per kode HS",
		"Nilai catatan (US$)", "Nilai catatan (Rp)", "Jumlah catatan", "Catatan terhadap BPS (%)"}
	_, err := writeTable(format, w, header, func(row func(cells ...any) error) error {
		put := func(table string, r exportcompare.Row) error {
			var bps, share, load any = "", "", ""
			if r.HasBPS {
				bps = r.BPSUSD
			}
			if r.HasShare {
				share = float64(int64(r.Share*10000+0.5)) / 100
			}
			if r.BPSLoad != 0 {
				load = r.BPSLoad
			}
			return row(table, r.Key, r.Name, bps, load, r.BPSBroader, float64(r.RecordsUSDCents)/100, r.RecordsIDR, r.Records, share)
		}
		for _, r := range c.Months {
			if err := put("bulan", r); err != nil {
				return err
			}
		}
		if err := put("jumlah", c.Total); err != nil {
			return err
		}
		for _, r := range c.ByDestination {
			if err := put("negara tujuan", r); err != nil {
				return err
			}
		}
		for _, r := range c.ByCommodity {
			if err := put("komoditas", r); err != nil {
				return err
			}
		}
		return nil
	})
	return err
}
