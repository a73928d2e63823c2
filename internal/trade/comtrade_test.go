package trade

import (
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
)

const comtradeHeader = "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,classificationCode,classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,isLeaf,customsCode,customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,legacyEstimationFlag,isReported,isAggregate\n"

func ctRow(year, rep, repISO, flow, par, parISO, p2, cls, cmd, customs, mot, netWgt, value string) string {
	return "C,A,20220101," + year + ",52," + year + "," + rep + "," + repISO + ",x," + flow + ",x," + par + "," + parISO + ",x," + p2 + ",W00,World," +
		cls + ",HS,true," + cmd + ",desc,6,true," + customs + ",x,0," + mot + ",x,8,kg,1,false,-1,N/A,0,false," + netWgt + ",false,0,false,," + value + "," + value + ",0,true,false\n"
}

func TestComtradeReader(t *testing.T) {
	file := comtradeHeader +
		ctRow("2022", "392", "JPN", "M", "360", "IDN", "0", "H6", "090111", "C00", "0", "40000000", "91784809") + // Japan imports from Indonesia
		ctRow("2022", "360", "IDN", "X", "36", "AUS", "0", "H6", "530500", "C00", "0", "", "33739") + // Indonesia exports to Australia
		ctRow("2022", "392", "JPN", "M", "0", "W00", "0", "H6", "090111", "C00", "0", "", "1624068170") + // World partner: a total
		ctRow("2022", "490", "S19", "M", "842", "USA", "0", "H6", "90121", "C00", "0", "", "10") + // Taiwan as S19, lost leading zero
		ctRow("2022", "392", "JPN", "RX", "360", "IDN", "0", "H6", "090111", "C00", "0", "", "1") + // re-export: skipped
		ctRow("2022", "392", "JPN", "M", "899", "_X", "0", "H6", "090111", "C00", "0", "", "1") + // areas nes: skipped
		ctRow("2022", "392", "JPN", "M", "360", "IDN", "36", "H6", "090111", "C00", "0", "", "1") + // second-partner breakdown: skipped
		ctRow("2022", "392", "JPN", "M", "360", "IDN", "0", "H6", "090111", "C01", "0", "", "1") + // customs breakdown: skipped
		ctRow("2022", "392", "JPN", "M", "360", "IDN", "0", "H6", "TOTAL", "C00", "0", "", "1") + // commodity total: skipped
		ctRow("2022", "392", "JPN", "M", "123", "ZZZ", "0", "H6", "090111", "C00", "0", "", "1") + // unknown partner: a problem
		ctRow("2022", "392", "JPN", "M", "360", "IDN", "0", "S3", "090111", "C00", "0", "", "1") // not HS: a problem
	r, err := NewComtradeReader(strings.NewReader(file), Options{Name: "TradeData.csv"})
	if err != nil {
		t.Fatal(err)
	}
	flows := readAllFlows(t, r)
	want := []Flow{
		{Dataset: "comtrade", Year: 2022, Exporter: "IDN", Importer: "JPN", HS: "090111", Edition: HS22, ValueUSD: 91784809, QuantityTonnes: 40000, Line: 2},
		{Dataset: "comtrade", Year: 2022, Exporter: "IDN", Importer: "AUS", HS: "530500", Edition: HS22, ValueUSD: 33739, ExporterReported: true, Line: 3},
		{Dataset: "comtrade", Year: 2022, Exporter: "", Importer: "JPN", HS: "090111", Edition: HS22, ValueUSD: 1624068170, Line: 4},
		{Dataset: "comtrade", Year: 2022, Exporter: "USA", Importer: "TWN", HS: "090121", Edition: HS22, ValueUSD: 10, Line: 5},
	}
	if len(flows) != len(want) {
		t.Fatalf("flows = %+v", flows)
	}
	for i := range want {
		if flows[i] != want[i] {
			t.Errorf("flow %d = %+v\nwant %+v", i, flows[i], want[i])
		}
	}
	if !flows[2].Total() || flows[0].Total() {
		t.Error("the World row is a total, the others are not")
	}
	sk := r.Skipped()
	if sk[SkipOtherFlow] != 1 || sk[SkipAggregate] != 1 || sk[SkipBreakdown] != 2 || sk[SkipTotal] != 1 {
		t.Errorf("skipped = %v", sk)
	}
	var got []string
	for _, p := range r.Problems() {
		got = append(got, p.Where()+" "+p.Key)
	}
	if strings.Join(got, ";") != "TradeData.csv:11: partnerISO trade.unknown_country;TradeData.csv:12: classificationCode trade.not_hs" {
		t.Errorf("problems = %v", got)
	}
}

func TestComtradeLegacyAndTabs(t *testing.T) {
	file := "Classification\tYear\tPeriod\tTrade Flow Code\tTrade Flow\tReporter Code\tReporter\tReporter ISO\tPartner Code\tPartner\tPartner ISO\tCommodity Code\tNetweight (kg)\tTrade Value (US$)\n" +
		"H4\t2016\t2016\t1\tImport\t36\tAustralia\tAUS\t0\tWorld\tWLD\t1212\t\t91128858\n" +
		"H4\t2016\t2016\t2\tExport\t360\tIndonesia\tIDN\t764\tThailand\tTHA\t140490\t5000\t21503700\n"
	r, err := NewComtradeReader(strings.NewReader(file), Options{Name: "legacy.tsv"})
	if err != nil {
		t.Fatal(err)
	}
	flows := readAllFlows(t, r)
	if len(flows) != 2 || flows[0].Importer != "AUS" || flows[0].Exporter != "" || flows[0].HS != "1212" || flows[0].Edition != HS12 ||
		flows[1].Exporter != "IDN" || flows[1].Importer != "THA" || flows[1].QuantityTonnes != 5 {
		t.Fatalf("flows = %+v problems %+v", flows, r.Problems())
	}
}

func TestComtradeMonthlyAndMissingColumns(t *testing.T) {
	file := comtradeHeader + strings.Replace(ctRow("2022", "392", "JPN", "M", "360", "IDN", "0", "H6", "090111", "C00", "0", "", "5"), "C,A,", "C,M,", 1)
	r, err := NewComtradeReader(strings.NewReader(file), Options{Name: "m.csv"})
	if err != nil {
		t.Fatal(err)
	}
	readAllFlows(t, r)
	if ps := r.Problems(); len(ps) != 1 || ps[0].Key != "trade.monthly" || ps[0].Column != "freqCode" {
		t.Errorf("problems = %+v", ps)
	}
	_, err = NewComtradeReader(strings.NewReader("refYear,reporterISO,cmdCode\n"), Options{Name: "x.csv"})
	e, ok := siapekspor.AsError(err)
	if !ok || e.Fields[0].Key != "trade.missing_columns" || !strings.Contains(e.Fields[0].Args[0].(string), "partnerCode") {
		t.Fatalf("missing columns: %v", err)
	}
}
