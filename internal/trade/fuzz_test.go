package trade

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/siapekspor/siapekspor/internal/fuzzcheck"
)

// Fuzz targets of the trade files an administrator loads: any bytes are
// flows that make sense, problems with messages, or a refusal with one.
// Run one longer with
//
//	go test -run '^$' -fuzz '^FuzzBACI$' -fuzztime 5m ./internal/trade/
//
// or all of them with scripts/fuzz.

type problemReader interface {
	Reader
	Problems() Problems
}

// readTradeFuzz reads every flow of r and checks flows and problems; a
// reader that could not start must have said why with a message.
func readTradeFuzz(t *testing.T, data []byte, r problemReader, err error) {
	if err != nil {
		fuzzcheck.Error(t, err)
		return
	}
	n := 0
	err = ForEach(r, func(f Flow) error {
		if n++; n > len(data) {
			t.Fatalf("%d flows from %d bytes", n, len(data))
		}
		if f.Year < 1950 || f.Year > 2100 || f.ValueUSD < 0 || f.QuantityTonnes < 0 || !ValidHS(f.HS) {
			t.Fatalf("flow %+v", f)
		}
		if f.Exporter == "" && f.Importer == "" {
			t.Fatalf("flow with neither side: %+v", f)
		}
		return nil
	})
	if err != nil && !errors.Is(err, io.EOF) {
		fuzzcheck.Error(t, err)
	}
	ps := r.Problems()
	if len(ps) > DefaultMaxProblems+1 {
		t.Fatalf("%d problems kept", len(ps))
	}
	if len(ps) > 0 {
		fuzzcheck.Error(t, ps.Err())
	}
}

// FuzzBACI reads any bytes as a CEPII BACI file.
func FuzzBACI(f *testing.F) {
	f.Add([]byte("t,i,j,k,v,q\n2022,360,392,090111,1.5,2\n2022,360,392,90111,NA,NA\n"))
	f.Add([]byte("\xef\xbb\xbft,i,j,k,v,q\r\n2022,\"360\",392,\"090111\",\"1,5\",\n2022,999,0,ABC,-1,x\n"))
	f.Add([]byte("t,i,j,k,v,q\n2022,\"360\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 256<<10 {
			t.Skip()
		}
		r, err := NewBACIReader(bytes.NewReader(data), Options{Name: "BACI_HS17_Y2022_V202401.csv"})
		readTradeFuzz(t, data, r, err)
	})
}

// FuzzComtrade reads any bytes as a UN Comtrade extract.
func FuzzComtrade(f *testing.F) {
	f.Add([]byte("refYear,reporterISO,partnerISO,flowCode,cmdCode,primaryValue,netWgt,classificationCode\n2022,JPN,IDN,M,090111,1500.5,2000,H5\n2022,JPN,W00,M,TOTAL,1,,H5\n"))
	f.Add([]byte("Year\tReporter Code\tPartner Code\tTrade Flow Code\tCommodity Code\tTrade Value (US$)\n2019\t392\t360\t1\t0901\t12\n2019\t392\t0\t2\t0901\t12\n"))
	f.Add([]byte("period,freqCode,reporterCode,partnerCode,flowCode,cmdCode,fobvalue,partner2Code,customsCode,motCode\n202201,M,392,360,X,0901,5,0,C00,0\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 256<<10 {
			t.Skip()
		}
		r, err := NewComtradeReader(bytes.NewReader(data), Options{Name: "comtrade.csv", Edition: "HS17"})
		readTradeFuzz(t, data, r, err)
	})
}
