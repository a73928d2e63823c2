package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/store"
)

// The deal pipeline's pages (issue 17, items 3–4): the inbox, the list of
// matches with its export, a match with its history and moves, and the
// boards per request and per enterprise.

// InboxPage lists what waits for the signed-in user.
func (h *Handlers) InboxPage(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "inbox.title", "inbox")
	in, err := h.Store.Inbox(r.Context())
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p.Data = in
	h.R.Render(w, r, http.StatusOK, "inbox", p)
}

type matchListData struct {
	F                     store.MatchFilter
	Page                  *store.MatchPage
	ExportCSV, ExportXLSX string
	Prev, Next            string
}

// MatchList lists the matches the actor reads, with filters.
func (h *Handlers) MatchList(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "pipeline.list.title", "matches")
	f := httpx.MatchFilterOf(r)
	f.Limit = 50
	page, err := h.Store.ListMatches(r.Context(), f)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	q := r.URL.Query()
	q.Del("offset")
	d := matchListData{F: f, Page: page, ExportCSV: "/matches/export.csv?" + q.Encode(), ExportXLSX: "/matches/export.xlsx?" + q.Encode()}
	if f.Offset > 0 {
		q.Set("offset", strconv.Itoa(max(f.Offset-f.Limit, 0)))
		d.Prev = "/matches?" + q.Encode()
	}
	if f.Offset+len(page.Items) < page.Total {
		q.Set("offset", strconv.Itoa(f.Offset+f.Limit))
		d.Next = "/matches?" + q.Encode()
	}
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "matches", p)
}

// MatchExport downloads the listed matches as CSV or XLSX.
func (h *Handlers) MatchExport(w http.ResponseWriter, r *http.Request) {
	if _, err := h.Store.ListMatches(r.Context(), store.MatchFilter{Limit: 1}); err != nil {
		h.R.Error(w, r, err)
		return
	}
	format, ok := h.download(w, r, "pipeline")
	if !ok {
		return
	}
	if _, err := bulk.ExportMatches(r.Context(), h.Store, httpx.MatchFilterOf(r), format, w); err != nil {
		h.Log.ErrorContext(r.Context(), "export matches", "err", err)
	}
}

type boardData struct {
	Board *store.Board
	// Of: the request's title or the enterprise's name; List: the full
	// list of the same matches.
	Of, List string
	F        store.MatchFilter
}

// RequestBoard is a request's pipeline board.
func (h *Handlers) RequestBoard(w http.ResponseWriter, r *http.Request) {
	q, ok := h.buyingRequest(w, r)
	if !ok {
		return
	}
	f := httpx.MatchFilterOf(r)
	f.RequestID = q.ID
	h.board(w, r, f, q.Title, "requests")
}

// EnterpriseBoard is an enterprise's pipeline board.
func (h *Handlers) EnterpriseBoard(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	f := httpx.MatchFilterOf(r)
	f.EnterpriseID = id
	b, err := h.Store.MatchBoard(r.Context(), store.MatchFilter{EnterpriseID: id, Limit: 1})
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	name := ""
	for _, c := range b.Columns {
		if len(c.Items) > 0 {
			name = c.Items[0].EnterpriseName
		}
	}
	if name == "" {
		// No match in scope: the enterprise must still be one the actor reads.
		e, err := h.Store.Enterprise(r.Context(), id)
		if err != nil {
			h.R.Error(w, r, err)
			return
		}
		name = e.Name
	}
	h.board(w, r, f, name, "matches")
}

func (h *Handlers) board(w http.ResponseWriter, r *http.Request, f store.MatchFilter, of, nav string) {
	p := NewPage(r, "pipeline.board.title", nav)
	b, err := h.Store.MatchBoard(r.Context(), f)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	q := url.Values{}
	if f.RequestID != 0 {
		q.Set("request", strconv.FormatInt(f.RequestID, 10))
	}
	if f.EnterpriseID != 0 {
		q.Set("enterprise", strconv.FormatInt(f.EnterpriseID, 10))
	}
	p.Data = boardData{Board: b, Of: of, List: "/matches?" + q.Encode(), F: f}
	h.R.Render(w, r, http.StatusOK, "board", p)
}

type matchData struct {
	M       *siapekspor.Match
	Contact *store.MatchContact
	// ContactRefused: a buyer before the owner's consent.
	ContactRefused bool
	// WhatsApp: the click-to-chat link with a template message: to the
	// owner for those who introduce, to the enterprise for the buyer.
	WhatsApp  string
	CanAnswer bool
	CanMove   bool
	Steps     []siapekspor.MatchStep
	Reasons   []string
	Raw       map[string]string
}

// MatchDetail shows a match: both sides' public profile, the contact when
// the actor may see it, the history and the moves the actor may make.
func (h *Handlers) MatchDetail(w http.ResponseWriter, r *http.Request) {
	h.renderMatch(w, r, http.StatusOK, nil, nil)
}

func (h *Handlers) renderMatch(w http.ResponseWriter, r *http.Request, status int, raw map[string]string, failed error) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	m, err := h.Store.Match(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p := NewPage(r, "pipeline.match.title", "matches")
	if de, ok := siapekspor.AsError(failed); ok {
		p.SetError(de)
	}
	d := matchData{M: m, Reasons: siapekspor.LostReasons, Raw: raw}
	if c, err := h.Store.MatchContact(r.Context(), id); err == nil {
		d.Contact = c
		d.WhatsApp = whatsApp(p, m, c)
	} else {
		d.ContactRefused = siapekspor.KeyOf(err) == "pipeline.contact_before_consent"
	}
	d.CanAnswer = p.Actor.Role == siapekspor.RoleOwner && m.Step == siapekspor.StepIntroduced
	for _, s := range siapekspor.MatchSteps {
		if s != m.Step && siapekspor.CanMoveMatch(p.Actor, m, s) && !(d.CanAnswer && (s == siapekspor.StepAccepted || s == siapekspor.StepLost)) {
			d.Steps = append(d.Steps, s)
		}
	}
	d.CanMove = len(d.Steps) > 0
	if d.Raw == nil && m.Step.Open() && m.Step.Order() >= 0 {
		// The next step is the usual move: offer it first.
		d.Raw = map[string]string{"to": string(siapekspor.MatchSteps[m.Step.Order()+1])}
	}
	p.Data = d
	h.R.Render(w, r, status, "match", p)
}

// whatsApp is the click-to-chat link of a match for the reader: a buyer
// writes to the enterprise in the page's language; whoever introduces
// writes to the owner in Indonesian.
func whatsApp(p *Page, m *siapekspor.Match, c *store.MatchContact) string {
	var text string
	if p.Actor.Role == siapekspor.RoleBuyer {
		text = p.P.T("pipeline.wa.buyer", c.ContactPerson, m.OrgName, m.RequestTitle, m.ProductName)
	} else {
		text = i18n.Printer{Lang: i18n.ID}.T("pipeline.wa.owner", c.ContactPerson, m.RequestTitle, m.ProductName, m.ID)
	}
	link, err := siapekspor.WhatsAppLink(c.Phone, text)
	if err != nil {
		return ""
	}
	return link
}

// MatchMove moves a match (the form of the match page).
func (h *Handlers) MatchMove(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	r.ParseForm()
	mv, raw, problems := readMoveForm(r)
	if err := problems.Err(); err != nil {
		h.renderMatch(w, r, http.StatusUnprocessableEntity, raw, err)
		return
	}
	m, err := h.Store.MoveMatch(r.Context(), id, mv)
	if err != nil {
		h.matchFailed(w, r, raw, err)
		return
	}
	h.Mail.Moved(r.Context(), m)
	Flash(w, r, "pipeline.moved", "/matches/"+strconv.FormatInt(id, 10))
}

func (h *Handlers) matchFailed(w http.ResponseWriter, r *http.Request, raw map[string]string, err error) {
	if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
		h.renderMatch(w, r, httpx.Status(de.Code), raw, err)
		return
	}
	h.R.Error(w, r, err)
}

// readMoveForm reads to, note, lost_reason, version and the contract's
// fields; raw keeps what was typed, so that a refused form shows it again.
func readMoveForm(r *http.Request) (siapekspor.MatchMove, map[string]string, siapekspor.Problems) {
	raw := map[string]string{}
	for _, k := range []string{"to", "note", "lost_reason", "contract_value", "contract_currency", "contract_quantity", "contract_unit", "contract_terms"} {
		raw[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	var p siapekspor.Problems
	num := func(field string) float64 {
		s := strings.ReplaceAll(raw[field], ",", ".")
		if s == "" {
			return 0
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			p.Add(field, "field.number")
		}
		return v
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	mv := siapekspor.MatchMove{To: siapekspor.MatchStep(raw["to"]), Note: raw["note"], LostReason: raw["lost_reason"], Version: version,
		Contract: siapekspor.Contract{Value: num("contract_value"), Currency: raw["contract_currency"], Quantity: num("contract_quantity"),
			Unit: siapekspor.Unit(raw["contract_unit"]), Terms: raw["contract_terms"]}}
	return mv, raw, p
}

// MatchAnswer is the owner's answer to an introduction (answer=accept|decline).
func (h *Handlers) MatchAnswer(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	r.ParseForm()
	answer := r.PostFormValue("answer")
	if answer != "accept" && answer != "decline" {
		h.renderMatch(w, r, http.StatusUnprocessableEntity, nil, siapekspor.FieldInvalid("answer", "field.choice"))
		return
	}
	raw := map[string]string{"note": r.PostFormValue("note")}
	m, err := h.Store.AnswerIntroduction(r.Context(), id, answer == "accept", raw["note"])
	if err != nil {
		h.matchFailed(w, r, raw, err)
		return
	}
	h.Mail.Moved(r.Context(), m)
	Flash(w, r, "pipeline.answered", "/matches/"+strconv.FormatInt(id, 10))
}

// RequestShortlist stores the products ticked on a request's ranking as
// shortlisted matches (product_id, repeated).
func (h *Handlers) RequestShortlist(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	r.ParseForm()
	var ids []int64
	for _, s := range r.PostForm["product_id"] {
		if v := httpx.Int64(s); v > 0 {
			ids = append(ids, v)
		}
	}
	list, err := h.Store.Shortlist(r.Context(), id, ids, r.PostFormValue("note"))
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	FlashCount(w, r, "pipeline.shortlisted", len(list), "/requests/"+strconv.FormatInt(id, 10)+"/board")
}
