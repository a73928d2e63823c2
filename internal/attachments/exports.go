package attachments

import (
	"context"
	"io"
	"net/http"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/media"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Export records keep scans of their invoice and customs declaration (PEB)
// in the certificates' scans folder, handled the same way.

// SaveExportScan stores a scan of an export record's invoice or PEB
// (which: "invoice", "peb") and records it.
func SaveExportScan(ctx context.Context, db *store.DB, m *media.Store, id int64, which string, body io.Reader) (*siapekspor.ExportRecord, error) {
	if _, err := db.ExportRecord(ctx, id); err != nil {
		return nil, err
	}
	if which != "invoice" && which != "peb" {
		return nil, siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.document")
	}
	doc, err := m.SaveDocument(body)
	if err != nil {
		return nil, MediaError(err)
	}
	r, old, err := db.SetExportScan(ctx, id, which, doc.Path, string(doc.Kind))
	if err != nil {
		if inUse, _ := db.DocumentInUse(ctx, doc.Path); !inUse {
			m.Remove(doc.Path)
		}
		return nil, err
	}
	if old != "" {
		m.Remove(old)
	}
	return r, nil
}

// ServeExportScan sends an export record's scan to an actor who may read
// the record; like certificate scans, never cached by shared caches.
func ServeExportScan(w http.ResponseWriter, r *http.Request, db *store.DB, m *media.Store, id int64, which string, fail func(http.ResponseWriter, *http.Request, error)) {
	rec, err := db.ExportRecord(r.Context(), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	file := map[string]string{"invoice": rec.InvoiceScan, "peb": rec.PEBScan}[which]
	serveScan(w, r, m, file, "ekspor-"+which, fail)
}
