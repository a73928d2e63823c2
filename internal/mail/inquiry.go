package mail

import (
	"context"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

// InquiryReceived acknowledges a buyer's inquiry from the public catalogue
// by e-mail, in the page's language and English, when e-mail is
// configured. The message repeats nothing the sender wrote (so the form
// cannot send someone else a text of its choosing). Safe on a nil Notifier.
func (n *Notifier) InquiryReceived(ctx context.Context, q *siapekspor.Inquiry, lang i18n.Lang) {
	if n == nil || !n.Config.Enabled() || q == nil || q.Email == "" {
		return
	}
	subject := i18n.T(lang, "pub.mail.subject")
	body := i18n.T(lang, "pub.mail.body")
	if lang != i18n.EN {
		body += "\n\n" + i18n.T(i18n.EN, "pub.mail.body")
	}
	ctx = context.WithoutCancel(ctx)
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		if err := n.Config.Send(ctx, []string{q.Email}, subject, body+"\n"); err != nil && n.Log != nil {
			n.Log.WarnContext(ctx, "inquiry acknowledgement not sent", "inquiry", q.ID, "err", err)
		}
	}()
}
