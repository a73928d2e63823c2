package bulk

import (
	"context"
	"io"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Exports of the export-development records: readiness, training and
// mentoring. Headers are Indonesian, as the offices' own spreadsheets are.

// writeTable writes a header row and the rows each() yields.
func writeTable(format string, w io.Writer, header []string, each func(row func(cells ...any) error) error) (int, error) {
	write, finish, closeSheet, err := newSheet(format, w)
	if err != nil {
		return 0, err
	}
	defer closeSheet()
	head := make([]any, len(header))
	for i, h := range header {
		head[i] = h
	}
	if err := write(head); err != nil {
		return 0, err
	}
	n := 0
	err = each(func(cells ...any) error {
		n++
		return write(cells)
	})
	if err != nil {
		return n, err
	}
	return n, finish()
}

func optFloat(v *float64) any {
	if v == nil {
		return ""
	}
	return *v
}

func optDate(t *time.Time) any {
	if t == nil {
		return ""
	}
	return t.Format("2006-01-02")
}

// ExportReadiness writes every assessed enterprise a filter selects, with
// its latest class and score.
func ExportReadiness(ctx context.Context, db *store.DB, f store.ReadinessFilter, format string, w io.Writer) (int, error) {
	header := []string{"ID Usaha", "Nama Usaha", "Kabupaten/Kota", "Sektor", "Kelas", "Nilai Kesiapan", "Tanggal Asesmen", "Pernah Dilatih", "ID Asesmen"}
	f.Limit = 0
	return writeTable(format, w, header, func(row func(...any) error) error {
		return db.EachReadiness(ctx, f, func(r *store.ReadinessRow) error {
			trained := "tidak"
			if r.Trained {
				trained = "ya"
			}
			return row(r.EnterpriseID, r.EnterpriseName, r.RegencyName, string(r.Sector), string(r.Level), r.Overall, r.AssessedAt, trained, r.AssessmentID)
		})
	})
}

// ExportProgramme writes a programme's participants: class, status,
// attendance, completion and result.
func ExportProgramme(ctx context.Context, db *store.DB, programmeID int64, format string, w io.Writer) (int, error) {
	list, err := db.ProgrammeEnrolments(ctx, programmeID)
	if err != nil {
		return 0, err
	}
	header := []string{"ID Peserta", "Tahap", "Kelas", "ID Usaha", "Nama Usaha", "Nama Pemilik", "Kabupaten/Kota", "No HP", "Status", "Alasan Penempatan",
		"Kelas Asesmen", "Nilai Asesmen", "Hadir", "Sesi Terlaksana", "Tuntas", "Hasil", "Nilai Akhir", "Catatan"}
	// An export with owners' phones unmasked is recorded, as the registry's is.
	personal := false
	for _, n := range list {
		personal = personal || n.Phone != "" && !strings.Contains(n.Phone, "•")
	}
	n, err := writeTable(format, w, header, func(row func(...any) error) error {
		for _, n := range list {
			completed := ""
			if n.Completed != nil {
				completed = "tidak"
				if *n.Completed {
					completed = "ya"
				}
			}
			if err := row(n.ID, n.Stage, string(n.ClassLevel), n.EnterpriseID, n.EnterpriseName, n.OwnerName, n.RegencyName, n.Phone, string(n.Status), n.Reason,
				string(n.Level), optFloat(n.Score), n.Attended, n.SessionsHeld, completed, string(n.Result), optFloat(n.ResultScore), n.ResultNote); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && personal {
		err = db.Audit(ctx, "export", "programme", programmeID, map[string]any{"format": format, "count": n})
	}
	return n, err
}

// ExportMentoring writes mentoring records: what is "activities" or
// "cases", all of them or only the overdue ones. Pages, API and the command
// line share it.
func ExportMentoring(ctx context.Context, db *store.DB, what string, overdue bool, today time.Time, format string, w io.Writer) (int, error) {
	switch what {
	case "activities":
		return ExportActivities(ctx, db, store.ActivityFilter{Overdue: overdue, Today: today}, format, w)
	case "cases":
		return ExportCases(ctx, db, store.CaseFilter{Overdue: overdue, Today: today}, format, w)
	}
	return 0, siapekspor.Problems{{Field: "what", Key: "field.choice"}}.Err()
}

// ExportActivities writes mentoring activities within the actor's scope.
func ExportActivities(ctx context.Context, db *store.DB, f store.ActivityFilter, format string, w io.Writer) (int, error) {
	f.Limit = 10000
	list, err := db.ListActivities(ctx, f)
	if err != nil {
		return 0, err
	}
	header := []string{"ID", "Tanggal", "ID Usaha", "Nama Usaha", "Saluran", "Topik", "Catatan", "Langkah Berikutnya", "Tenggat", "Selesai", "Pendamping", "Dicatat oleh"}
	return writeTable(format, w, header, func(row func(...any) error) error {
		for _, a := range list {
			done := "tidak"
			if a.NextDone {
				done = "ya"
			}
			if err := row(a.ID, a.On.Format("2006-01-02"), a.EnterpriseID, a.EnterpriseName, string(a.Channel), a.Topic, a.Notes, a.NextStep,
				optDate(a.NextDue), done, a.MentorName, a.Actor); err != nil {
				return err
			}
		}
		return nil
	})
}

// ExportCases writes assistance cases within the actor's scope.
func ExportCases(ctx context.Context, db *store.DB, f store.CaseFilter, format string, w io.Writer) (int, error) {
	f.Limit = 10000
	list, err := db.ListCases(ctx, f)
	if err != nil {
		return 0, err
	}
	header := []string{"ID", "ID Usaha", "Nama Usaha", "Jenis", "Judul", "Status", "Penanggung Jawab", "Tenggat", "Dibuka", "Ditutup", "Hasil", "Catatan"}
	return writeTable(format, w, header, func(row func(...any) error) error {
		for _, c := range list {
			var closed any = ""
			if c.ClosedAt != nil {
				closed = *c.ClosedAt
			}
			if err := row(c.ID, c.EnterpriseID, c.EnterpriseName, string(c.Kind), c.Title, string(c.Status), c.OwnerName, optDate(c.DueOn),
				c.OpenedAt, closed, c.Outcome, c.Notes); err != nil {
				return err
			}
		}
		return nil
	})
}

// OverdueReport is what the command line prints for the overdue list.
type OverdueReport struct {
	Steps []siapekspor.Activity `json:"steps"`
	Cases []siapekspor.Case     `json:"cases"`
}

// Overdue lists next steps and open cases past their due date on a day.
func Overdue(ctx context.Context, db *store.DB, today time.Time) (*OverdueReport, error) {
	steps, err := db.ListActivities(ctx, store.ActivityFilter{Overdue: true, Today: today, Limit: 10000})
	if err != nil {
		return nil, err
	}
	cases, err := db.ListCases(ctx, store.CaseFilter{Overdue: true, Today: today, Limit: 10000})
	if err != nil {
		return nil, err
	}
	return &OverdueReport{Steps: steps, Cases: cases}, nil
}
