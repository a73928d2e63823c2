package bulk_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// Exact identities (NIB, the owner's NIK) are duplicates; a name alone —
// folded for case, punctuation, spacing and legal forms — in the same
// village, district or (a row with neither) regency is a possible
// duplicate: imported, stored with the import, decided by an officer.
func TestPossibleDuplicatesAndDecisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		registered := "Nama Usaha,NIK,NIB,Desa,Kecamatan,Kabupaten,No HP\n" +
			"CV Kopi Jaya,1801045508790001,9120000000101,Hajimena,Natar,Lampung Selatan,\n" +
			"Tapis Indah,,,,,Lampung Selatan,\n"
		first := importBytes(t, db, registered, "", false)
		if first.Result.Inserted != 2 {
			t.Fatalf("%+v", first.Result)
		}
		file := "Nama Usaha,NIK,NIB,Desa,Kecamatan,Kabupaten,No HP\n" +
			"kopi  jaya,,,Hajimena,Natar,Lampung Selatan,0812-3456-7801\n" + // 2: name + village of the registered CV
			"Kopi Baru,1801045508790001,,Hajimena,Natar,Lampung Selatan,\n" + // 3: the registered owner's NIK
			"UD. Tapis Indah,,,,,Lampung Selatan,\n" + // 4: name in the regency (no village or district)
			"Kopi Jaya,,,Sidosari,Natar,Lampung Selatan,\n" + // 5: same name, another village: not a duplicate
			"\"Sulam Usus, KUB\",,,,Natar,Lampung Selatan,\n" + // 6: new
			"KUB Sulam Usus,,,,Natar,Lampung Selatan,\n" + // 7: line 6 again, by name and district
			"Kopi Lain,,,Hajimena,Natar,Gotham City,\n" // 8: refused
		rep := importBytes(t, db, file, store.DupSkip, false)
		r := rep.Result
		if r.Inserted != 5 || r.Skipped != 1 || r.Rejected != 1 || r.Updated != 0 || r.Possible != 3 {
			t.Fatalf("counts: %+v", r)
		}
		if r.Inserted+r.Updated+r.Skipped+r.Rejected != rep.Rows {
			t.Errorf("%d rows counted as %+v", rep.Rows, r)
		}
		if len(r.Duplicates) != 1 || r.Duplicates[0].Line != 3 || r.Duplicates[0].By != "nik" || r.Duplicates[0].Action != "skipped" {
			t.Errorf("duplicates: %+v", r.Duplicates)
		}
		byLine := map[int]store.Duplicate{}
		for _, d := range r.PossibleDuplicates {
			byLine[d.Line] = d
		}
		if d := byLine[2]; d.By != "name_village" || d.ExistingName != "CV Kopi Jaya" || d.EnterpriseID == 0 {
			t.Errorf("line 2: %+v", d)
		}
		if d := byLine[4]; d.By != "name_regency" || d.ExistingName != "Tapis Indah" {
			t.Errorf("line 4: %+v", d)
		}
		if d := byLine[7]; d.By != "name_district" || d.EarlierLine != 6 || d.ExistingID == 0 {
			t.Errorf("line 7: %+v", d)
		}
		// The record, the stored list and the audit entry say the same.
		rec, err := db.Import(sysCtx, r.ID)
		if err != nil || rec.Inserted != 5 || rec.Skipped != 1 || rec.Rejected != 1 || rec.Possible != 3 {
			t.Fatalf("import record: %+v %v", rec, err)
		}
		audits, _, _ := db.ListAudit(sysCtx, store.AuditFilter{Action: "import"})
		var counted map[string]any
		for _, a := range audits {
			if a.EntityID == r.ID {
				json.Unmarshal([]byte(a.After), &counted)
			}
		}
		if counted["inserted"] != 5.0 || counted["skipped"] != 1.0 || counted["rejected"] != 1.0 || counted["possible"] != 3.0 {
			t.Errorf("audit entry: %v", counted)
		}
		list, err := db.PossibleDuplicates(sysCtx, r.ID)
		if err != nil || len(list) != 3 || list[0].Line != 2 || list[0].Name != "kopi jaya" || list[0].ExistingName != "CV Kopi Jaya" || !list[0].Open() {
			t.Fatalf("stored: %+v %v", list, err)
		}
		// Keep both: nothing changes but the decision.
		before := total(t, db)
		if _, err := db.DecidePossibleDuplicate(sysCtx, r.ID, list[1].ID, store.DecisionKeep); err != nil {
			t.Fatal(err)
		}
		if total(t, db) != before {
			t.Error("keeping both changed the registry")
		}
		if _, err := db.DecidePossibleDuplicate(sysCtx, r.ID, list[1].ID, store.DecisionMerge); siapekspor.ErrorCodeOf(err) != siapekspor.EConflict {
			t.Errorf("deciding twice: %v", err)
		}
		// Merge: the imported record's values go onto the registered one,
		// and the imported record goes.
		if _, err := db.DecidePossibleDuplicate(sysCtx, r.ID, list[0].ID, store.DecisionMerge); err != nil {
			t.Fatal(err)
		}
		if total(t, db) != before-1 {
			t.Errorf("%d enterprises after a merge, want %d", total(t, db), before-1)
		}
		merged, err := db.Enterprise(sysCtx, list[0].ExistingID)
		if err != nil || merged.Phone != "+6281234567801" || merged.NIB != "9120000000101" {
			t.Errorf("merged record: %+v %v", merged, err)
		}
		if _, err := db.Enterprise(sysCtx, list[0].EnterpriseID); siapekspor.ErrorCodeOf(err) != siapekspor.ENotFound {
			t.Errorf("the imported record after its merge: %v", err)
		}
		// Merging line 7 into line 6's record (both the import's own).
		if _, err := db.DecidePossibleDuplicate(sysCtx, r.ID, list[2].ID, store.DecisionMerge); err != nil {
			t.Fatal(err)
		}
		after, _ := db.PossibleDuplicates(sysCtx, r.ID)
		if after[0].Decision != store.DecisionMerge || after[1].Decision != store.DecisionKeep || after[0].DecidedBy == "" || after[0].DecidedAt == nil {
			t.Errorf("decisions: %+v", after)
		}
		for _, action := range []string{"possible_duplicate_merged", "possible_duplicate_kept", "merge"} {
			if a, _, _ := db.ListAudit(sysCtx, store.AuditFilter{Action: action}); len(a) == 0 {
				t.Errorf("no %s audit entry", action)
			}
		}
		if _, err := db.DecidePossibleDuplicate(sysCtx, r.ID, list[0].ID, "both"); siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
			t.Errorf("an unknown decision: %v", err)
		}
		// The import's undo still works after merges: the registered record
		// gets its values before the merge back, the import's records go.
		undo, err := db.UndoImport(sysCtx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if total(t, db) != 2 || undo.Restored != 1 {
			t.Errorf("after undo: %d enterprises, %+v", total(t, db), undo)
		}
		restored, _ := db.Enterprise(sysCtx, list[0].ExistingID)
		if restored.Phone != "" {
			t.Errorf("undo kept the merged phone: %+v", restored)
		}
		if _, err := db.DecidePossibleDuplicate(sysCtx, r.ID, list[2].ID, store.DecisionKeep); siapekspor.ErrorCodeOf(err) != siapekspor.EConflict {
			t.Errorf("a decision on an undone import: %v", err)
		}
	})
}

// An imported record that gathered products since is not merged away.
// A registered name with its legal form after it, or a KUB's long form,
// is found by a row that writes the form before it, and the other way
// round (the stored sort key keeps a trailing form and the long form of a
// KUB: the check compares siapekspor.DuplicateName); a name in another
// regency is not one.
func TestPossibleDuplicateOfLegalFormsEitherSide(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		registered := "Nama Usaha,Desa,Kecamatan,Kabupaten\n" +
			"\"Batik Siger, CV\",Hajimena,Natar,Lampung Selatan\n" +
			"Kelompok Usaha Bersama Sulam Usus,,Natar,Lampung Selatan\n" +
			"Kopi Gunung,,,Lampung Selatan\n" +
			"Tenun Ulam,,,Lampung Selatan\n"
		if first := importBytes(t, db, registered, "", false); first.Result.Inserted != 4 {
			t.Fatalf("%+v", first.Result)
		}
		file := "Nama Usaha,Desa,Kecamatan,Kabupaten\n" +
			"CV Batik Siger,Hajimena,Natar,Lampung Selatan\n" + // 2
			"KUB Sulam Usus,,Natar,Lampung Selatan\n" + // 3
			"\"Kopi Gunung, UD\",,,Lampung Selatan\n" + // 4
			"Tenun Ulam,,,Lampung Timur\n" // 5: another regency
		r := importBytes(t, db, file, store.DupSkip, false).Result
		byLine := map[int]store.Duplicate{}
		for _, d := range r.PossibleDuplicates {
			byLine[d.Line] = d
		}
		for line, want := range map[int][2]string{2: {"name_village", "Batik Siger, CV"}, 3: {"name_district", "Kelompok Usaha Bersama Sulam Usus"}, 4: {"name_regency", "Kopi Gunung"}} {
			if d := byLine[line]; d.By != want[0] || d.ExistingName != want[1] {
				t.Errorf("line %d: %+v, want %v", line, d, want)
			}
		}
		if r.Inserted != 4 || r.Possible != 3 {
			t.Errorf("%+v", r)
		}
	})
}

func TestMergeRefusedWhenTheRecordHasProducts(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	rep := importBytes(t, db, "Nama Usaha,Kabupaten\nKopi Kembar,Lampung Selatan\nKOPI KEMBAR,Lampung Selatan\n", "", false)
	list, _ := db.PossibleDuplicates(sysCtx, rep.Result.ID)
	if len(list) != 1 {
		t.Fatalf("%+v", list)
	}
	p := &siapekspor.Product{EnterpriseID: list[0].EnterpriseID, NameID: "Kopi Bubuk", HSCode: "090121", Unit: "kg"}
	if err := db.CreateProduct(sysCtx, p); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DecidePossibleDuplicate(sysCtx, rep.Result.ID, list[0].ID, store.DecisionMerge); siapekspor.ErrorCodeOf(err) != siapekspor.EConflict {
		t.Fatalf("merge of a record with a product: %v", err)
	}
	if total(t, db) != 2 {
		t.Error("a refused merge changed the registry")
	}
	if after, _ := db.PossibleDuplicates(sysCtx, rep.Result.ID); !after[0].Open() {
		t.Error("a refused merge was recorded as decided")
	}
}

// A file whose SHA-256 an import holds is flagged before anything is done:
// the dry run names the earlier import, the real run is refused unless
// forced, and an undone import no longer counts.
func TestSameFileFlagged(t *testing.T) {
	sample, _ := os.ReadFile("../../samples/umkm-lampung-selatan.csv")
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		req := func(dry, force bool) bulk.ImportRequest {
			return bulk.ImportRequest{File: strings.NewReader(string(sample)), Size: int64(len(sample)), FileName: "a.csv", Province: "18", DryRun: dry, Force: force}
		}
		first, err := bulk.Import(sysCtx, db, req(false, false), nil)
		if err != nil || first.Previous != nil {
			t.Fatalf("%+v %v", first, err)
		}
		dry, err := bulk.Import(sysCtx, db, req(true, false), nil)
		if err != nil || dry.Previous == nil || dry.Previous.ID != first.Result.ID || dry.Previous.Office == "" || dry.Previous.At.IsZero() {
			t.Fatalf("dry run: %+v %v", dry, err)
		}
		imports, _ := db.ListImports(sysCtx, 10)
		_, err = bulk.Import(sysCtx, db, req(false, false), nil)
		if siapekspor.ErrorCodeOf(err) != siapekspor.EAlreadyImported {
			t.Fatalf("the same file again: %v", err)
		}
		if after, _ := db.ListImports(sysCtx, 10); len(after) != len(imports) || total(t, db) != 3 {
			t.Errorf("a refused file left %d imports (want %d), %d enterprises", len(after), len(imports), total(t, db))
		}
		forced, err := bulk.Import(sysCtx, db, req(false, true), nil)
		if err != nil || forced.Result.Skipped != 3 {
			t.Fatalf("forced: %+v %v", forced, err)
		}
		for _, id := range []int64{forced.Result.ID, first.Result.ID} {
			if _, err := db.UndoImport(sysCtx, id); err != nil {
				t.Fatal(err)
			}
		}
		if again, err := bulk.Import(sysCtx, db, req(false, false), nil); err != nil || again.Previous != nil || again.Result.Inserted != 3 {
			t.Errorf("after undo: %+v %v", again, err)
		}
	})
}
