package web

import (
	"net/http"
	"strings"

	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

// Irreversible actions (deleting, finishing, revoking, undoing …) ask first
// on a page of their own: the question naming what is affected, a danger
// button that posts to the action with confirm=yes, and a way back. It
// works without JavaScript, which matters twice: the Content-Security-Policy
// forbids inline handlers such as onsubmit="return confirm(…)", and some
// officers' browsers run no scripts at all.
//
// The page is a GET at the action's own path (or, where that would clash
// with another route, the path with /confirm) and the action is the POST
// there, served by the same handler: it loads the record, checks the actor
// may act on it, then calls ask. ask answers a GET with the page and a POST
// without confirm=yes with a redirect to it, so a stale form or a forged
// request cannot skip the question, and the page and the action can never
// disagree about who may act.

// confirmation is the question one irreversible action asks.
type confirmation struct {
	Nav    string // the navigation section the page belongs to
	Title  string // message key of the heading
	Key    string // message key of the question …
	Args   []any  // … and its arguments: what the action affects
	Button string // message key of the danger button
	Cancel string // where "cancel" goes back to
	// Undoable is set for actions that can be reversed later by other
	// means (a mentor can be assigned again); the others say they cannot.
	Undoable bool
	// Image shows what is deleted when a name cannot (a photo).
	Image string
	// Page and Action are set only where a GET at the action's path would
	// clash with another route: the page's path, and where it posts.
	Page, Action string

	Question string // filled by ask
}

// ask shows the confirmation page or sends an unconfirmed POST to it, and
// reports whether it answered the request. The caller does the action only
// when ask returns false: a POST that came from the page.
func (h *Handlers) ask(w http.ResponseWriter, r *http.Request, c confirmation) bool {
	if c.Page == "" {
		c.Page, c.Action = r.URL.Path, r.URL.Path
	}
	if r.Method == http.MethodPost {
		if r.PostFormValue("confirm") == "yes" {
			return false
		}
		http.Redirect(w, r, c.Page, http.StatusSeeOther)
		return true
	}
	p := NewPage(r, c.Title, c.Nav)
	c.Question = p.P.T(c.Key, c.Args...)
	p.Data = c
	h.R.Render(w, r, http.StatusOK, "confirm", p)
	return true
}

// printer is the request's language, for naming a record in a question
// before the page exists.
func printer(r *http.Request) i18n.Printer { return i18n.Printer{Lang: httpx.Lang(r, i18n.ID)} }

// certificateName names a certificate in a question: its type and number.
func certificateName(p i18n.Printer, typ any, number string) string {
	return strings.TrimSpace(p.Choice("cert", typ) + " " + number)
}
