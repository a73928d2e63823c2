// Package attachments joins the media store (files) and the database (records)
// for product photos and certificate scans, so pages and API handle
// uploads the same way: the file is checked and stored first, then the
// record; a refused upload stores nothing.
package attachments

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/media"
	"github.com/siapekspor/siapekspor/internal/store"
)

// MediaError turns an upload problem into a domain error the user reads.
func MediaError(err error) error {
	var me *media.Error
	if errors.As(err, &me) {
		code := siapekspor.EInvalid
		if me.Key == "media.too_large" {
			code = siapekspor.ETooLarge
		}
		return siapekspor.Errorf(code, me.Key, me.Args...)
	}
	return err
}

// SavePhoto stores an uploaded photo of a product and records it. The
// product is checked first (it exists, the actor may edit it, it has room),
// so nothing is written for a request that would be refused anyway.
func SavePhoto(ctx context.Context, db *store.DB, m *media.Store, productID int64, body io.Reader) (*siapekspor.ProductPhoto, error) {
	p, err := db.Product(ctx, productID)
	if err != nil {
		return nil, err
	}
	if len(p.Photos) >= siapekspor.MaxPhotos {
		return nil, siapekspor.Errorf(siapekspor.EInvalid, "product.too_many_photos", siapekspor.MaxPhotos)
	}
	stored, err := m.SavePhoto(body)
	if err != nil {
		return nil, MediaError(err)
	}
	ph := &siapekspor.ProductPhoto{Thumb: stored.Thumb, Display: stored.Display}
	if err := db.AddProductPhoto(ctx, productID, ph); err != nil {
		// The same bytes may already serve another product: remove the
		// files only when no record uses them.
		RemovePhotoFiles(ctx, db, m, *ph)
		return nil, err
	}
	return ph, nil
}

// RemovePhotoFiles deletes photo files no record uses any more. Records go
// first: a file left behind is only disk space, a record without its file a
// broken page.
func RemovePhotoFiles(ctx context.Context, db *store.DB, m *media.Store, photos ...siapekspor.ProductPhoto) {
	for _, ph := range photos {
		if used, err := db.PhotoInUse(ctx, ph.Display); err == nil && !used {
			m.Remove(ph.Thumb)
			m.Remove(ph.Display)
		}
	}
}

// SaveDocument stores a certificate's scan and records it.
func SaveDocument(ctx context.Context, db *store.DB, m *media.Store, certID int64, body io.Reader) (*siapekspor.Certificate, error) {
	if _, err := db.Certificate(ctx, certID); err != nil {
		return nil, err
	}
	doc, err := m.SaveDocument(body)
	if err != nil {
		return nil, MediaError(err)
	}
	c, old, unused, err := db.SetCertificateDocument(ctx, certID, doc.Path, string(doc.Kind))
	if err != nil {
		if inUse, _ := db.DocumentInUse(ctx, doc.Path); !inUse {
			m.Remove(doc.Path)
		}
		return nil, err
	}
	if unused {
		m.Remove(old)
	}
	return c, nil
}

// ServeDocument sends a certificate's scan to an actor who may read the
// certificate; scans are not public and are not cached by shared caches.
func ServeDocument(w http.ResponseWriter, r *http.Request, db *store.DB, m *media.Store, certID int64, fail func(http.ResponseWriter, *http.Request, error)) {
	c, err := db.Certificate(r.Context(), certID)
	if err != nil {
		fail(w, r, err)
		return
	}
	serveScan(w, r, m, c.Document, "sertifikat-"+string(c.Type), fail)
}

// serveScan sends a stored scan under a download name (its extension
// added); a record without one, or a file gone, is not found.
func serveScan(w http.ResponseWriter, r *http.Request, m *media.Store, file, name string, fail func(http.ResponseWriter, *http.Request, error)) {
	if file == "" {
		fail(w, r, siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.document"))
		return
	}
	f, err := m.Open(file)
	if err != nil {
		fail(w, r, siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.document"))
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", media.ContentType(file))
	w.Header().Set("Cache-Control", "no-store") // a scan carries the owner's name, sometimes the NIK
	w.Header().Set("X-Content-Type-Options", "nosniff")
	name += path.Ext(file)
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	http.ServeContent(w, r, name, st.ModTime(), f)
}

// ServePhoto serves a photo rendition from the photos' store (scans live in
// another store and are never served this way). Names are the hash of the
// content, so a URL never changes meaning and may be cached for good.
func ServePhoto(m *media.Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rel := r.PathValue("path")
		if !strings.HasSuffix(rel, ".jpg") {
			http.NotFound(w, r)
			return
		}
		f, err := m.Open(rel)
		if errors.Is(err, fs.ErrNotExist) || err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/jpeg")
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		http.ServeContent(w, r, path.Base(rel), st.ModTime(), f)
	})
}
