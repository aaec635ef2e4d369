package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

// Notifications as officers see them (internal/notify): the page of the
// unit's deliveries (/can-bo/thong-bao: state, filter, resend of a notice
// every channel failed), the templates with their preview and new versions,
// what the applicant was told on each dossier page, and the consent
// recorded at the counter.

func (s *Server) notifyRoutes() []route {
	registerRoles := roles(staff.Reception, staff.Leader, staff.Admin)
	return []route{
		{"GET /can-bo/thong-bao", registerRoles, s.notifyPage},
		{"POST /can-bo/thong-bao/{id}/gui-lai", registerRoles, s.notifyResend},
		{"GET /can-bo/thong-bao/mau", registerRoles, s.notifyTemplatePage},
		{"POST /can-bo/thong-bao/mau", roles(staff.Leader, staff.Admin), s.notifyTemplateSave},
	}
}

// deliveryRow is one delivery as the page shows it.
type deliveryRow struct {
	*store.NotifyDelivery
	Code, KindLabel, ChannelLabel, To string
}

type notifyData struct {
	State, Channel string
	States         []string
	Channels       []string
	Rows           []deliveryRow
	Failed         []syncMessage // notices every channel failed, to resend
	Kinds          []string
}

// deliveryStates are the states a delivery filter offers.
var deliveryStates = []string{store.DeliverySending, store.DeliverySent, store.DeliveryDelivered, store.DeliveryFailed, store.DeliveryGivenUp}

// notifyPage lists the unit's latest deliveries, filtered by state and channel.
func (s *Server) notifyPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o := officerOf(r)
	p := s.newPage(w, r, "")
	p.Title = p.T("office.notify.title")
	p.Nav = "workspace"
	d := notifyData{States: deliveryStates, Channels: notify.Channels, Kinds: notify.Kinds}
	q := r.URL.Query()
	if v := q.Get("trang_thai"); slices.Contains(deliveryStates, v) {
		d.State = v
	}
	if v := q.Get("kenh"); slices.Contains(notify.Channels, v) {
		d.Channel = v
	}
	ds, err := s.db.NotifyDeliveries(ctx, store.DeliveryFilter{UnitID: o.UnitID, State: d.State, Channel: d.Channel, Limit: 200})
	if err != nil {
		return err
	}
	if d.Rows, err = s.deliveryRows(ctx, ds); err != nil {
		return err
	}
	failed, err := s.db.OutboxMessages(ctx, store.OutboxFilter{Topic: store.TopicNotify, UnitID: o.UnitID,
		States: []store.OutboxState{store.OutboxFailed}, Limit: 200})
	if err != nil {
		return err
	}
	for _, m := range failed {
		d.Failed = append(d.Failed, syncMessage{ID: m.ID, Code: noticeOf(m).DossierCode, LastError: m.LastError,
			Seq: m.Seq, Attempts: m.Attempts, QueuedAt: m.QueuedAt})
	}
	p.Data = d
	return s.render(w, http.StatusOK, "office_notify", p)
}

func noticeOf(m *store.OutboxMessage) store.Notice {
	var n store.Notice
	json.Unmarshal(m.Payload, &n)
	return n
}

// deliveryRows adds the dossier code and labels; addresses are masked.
func (s *Server) deliveryRows(ctx context.Context, ds []*store.NotifyDelivery) ([]deliveryRow, error) {
	codes := map[string]string{}
	var rows []deliveryRow
	for _, x := range ds {
		if x.DossierID != "" && codes[x.DossierID] == "" {
			d, err := s.db.DossierByID(ctx, x.DossierID)
			if err != nil && apperr.KindOf(err) != apperr.NotFound {
				return nil, err
			}
			if d != nil {
				codes[x.DossierID] = d.Code
			}
		}
		rows = append(rows, deliveryRow{NotifyDelivery: x, Code: codes[x.DossierID], KindLabel: notify.KindLabel(x.Kind),
			ChannelLabel: notify.ChannelLabel(x.Channel), To: maskAddress(x.Recipient)})
	}
	return rows, nil
}

// maskAddress hides the middle of a phone number or an e-mail's local part.
func maskAddress(a string) string {
	if at := strings.IndexByte(a, '@'); at > 0 {
		return a[:1] + "***" + a[at:]
	}
	if len(a) > 6 {
		return a[:4] + strings.Repeat("*", len(a)-7) + a[len(a)-3:]
	}
	return a
}

// notifyResend queues again a notice every channel failed.
func (s *Server) notifyResend(w http.ResponseWriter, r *http.Request) error {
	o := officerOf(r)
	m, err := s.db.OutboxMessageByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if m.UnitID != o.UnitID || m.Topic != store.TopicNotify {
		return apperr.New(apperr.NotFound, "không tìm thấy thông báo %s", r.PathValue("id"))
	}
	if err := s.db.ResendOutbox(r.Context(), m.ID, o.ID); err != nil {
		return err
	}
	s.flash(w, translate(languageOf(w, r), "office.notify.resent"))
	http.Redirect(w, r, "/can-bo/thong-bao", http.StatusSeeOther)
	return nil
}

type notifyTemplateData struct {
	Kind, Channel   string
	Kinds, Channels []string
	Version         int
	Subject, Body   string
	Placeholders    []string
	PreviewSubject  string
	PreviewBody     string
	PreviewSMS      string // the unaccented SMS, as a GSM-only provider sends it
	CanSave         bool
	Versions        []*store.NotifyTemplate
}

// notifyTemplatePage shows a kind's template on a channel: the text in use
// (the unit's latest version or the built-in one), its placeholders, a
// preview with sample values, the versions, and the form for a new one.
func (s *Server) notifyTemplatePage(w http.ResponseWriter, r *http.Request) error {
	p, d, err := s.notifyTemplateData(w, r, r.URL.Query())
	if err != nil {
		return err
	}
	p.Data = d
	return s.render(w, http.StatusOK, "office_notify_template", p)
}

func (s *Server) notifyTemplateData(w http.ResponseWriter, r *http.Request, q url.Values) (*Page, *notifyTemplateData, error) {
	o := officerOf(r)
	p := s.newPage(w, r, "")
	p.Title = p.T("office.notify.template.title")
	p.Nav = "workspace"
	d := &notifyTemplateData{Kind: q.Get("loai"), Channel: q.Get("kenh"), Kinds: notify.Kinds, Channels: notify.Channels,
		CanSave: o.HasAny(staff.Leader, staff.Admin)}
	if !slices.Contains(notify.Kinds, d.Kind) {
		d.Kind = notify.KindReceived
	}
	if !slices.Contains(notify.Channels, d.Channel) {
		d.Channel = notify.SMS
	}
	t := notify.Default(d.Kind, d.Channel)
	vs, err := s.db.NotifyTemplates(r.Context(), o.UnitID, d.Kind, d.Channel, 20)
	if err != nil {
		return nil, nil, err
	}
	if len(vs) > 0 {
		t.Version, t.Subject, t.Body = vs[0].Version, vs[0].Subject, vs[0].Body
	}
	d.Versions, d.Version, d.Subject, d.Body, d.Placeholders = vs, t.Version, t.Subject, t.Body, notify.Placeholders(d.Kind)
	d.preview(t)
	return p, d, nil
}

func (d *notifyTemplateData) preview(t notify.Template) {
	d.PreviewSubject, d.PreviewBody, _ = t.Render(notify.SampleValues(t.Kind), notify.SMSConfig{})
	if t.Channel == notify.SMS {
		_, d.PreviewSMS, _ = t.Render(notify.SampleValues(t.Kind), notify.SMSConfig{Unaccented: true})
	}
}

// notifyTemplateSave stores a new version; a template with an unknown
// placeholder, or an SMS over length, comes back with the field named.
func (s *Server) notifyTemplateSave(w http.ResponseWriter, r *http.Request) error {
	o := officerOf(r)
	f := r.PostForm
	t := notify.Template{Kind: f.Get("loai"), Channel: f.Get("kenh"), Subject: strings.TrimSpace(f.Get("subject")),
		Body: strings.TrimSpace(f.Get("body"))}
	err := t.Check()
	if err == nil {
		var v int
		v, err = s.db.AddNotifyTemplate(r.Context(), store.NotifyTemplate{UnitID: o.UnitID, Kind: t.Kind, Channel: t.Channel,
			Subject: t.Subject, Body: t.Body, CreatedBy: o.ID})
		if err == nil {
			s.flash(w, translate(languageOf(w, r), "office.notify.template.saved", v))
			http.Redirect(w, r, "/can-bo/thong-bao/mau?"+url.Values{"loai": {t.Kind}, "kenh": {t.Channel}}.Encode(), http.StatusSeeOther)
			return nil
		}
	}
	if apperr.KindOf(err) != apperr.Invalid {
		return err
	}
	p, d, perr := s.notifyTemplateData(w, r, url.Values{"loai": {t.Kind}, "kenh": {t.Channel}})
	if perr != nil {
		return perr
	}
	d.Subject, d.Body = t.Subject, t.Body
	p.Errors = map[string]string{apperr.FieldOf(err): apperr.PublicMessage(err)}
	p.FormError = p.T("form.has_errors")
	p.Data = d
	return s.render(w, http.StatusBadRequest, "office_notify_template", p)
}

// dossierNotices is what the applicant of d was told, oldest first.
func (s *Server) dossierNotices(ctx context.Context, d *dossier.Dossier, sides store.DossierSides) ([]deliveryRow, error) {
	if !sides.Notices {
		return nil, nil
	}
	ds, err := s.db.NotifyDeliveries(ctx, store.DeliveryFilter{DossierID: d.ID, Citizens: true})
	if err != nil {
		return nil, err
	}
	return s.deliveryRows(ctx, ds)
}

// intakeConsent reads the channels the applicant agreed to at the counter
// (notify.zalo, notify.sms, notify.email) and checks each has an address:
// a mobile number for Zalo and SMS, an e-mail address for e-mail; a
// missing or invalid one is named on its field.
func intakeConsent(f url.Values, a dossier.Applicant, errs map[string]string) []string {
	var out []string
	for _, ch := range notify.Channels {
		if f.Get("notify."+ch) == "" {
			continue
		}
		out = append(out, ch)
		switch ch {
		case notify.Email:
			if a.Email == "" {
				errs["notify.email"] = "Cần địa chỉ thư điện tử để gửi thông báo qua thư"
			} else if _, err := notify.CheckEmail("applicant.email", a.Email); err != nil && errs["applicant.email"] == "" {
				errs["applicant.email"] = apperr.PublicMessage(err)
			}
		default:
			if a.Phone == "" {
				errs["notify."+ch] = "Cần số điện thoại di động để gửi thông báo qua " + notify.ChannelLabel(ch)
			} else if _, err := notify.NormalizePhone("applicant.phone", a.Phone); err != nil && errs["applicant.phone"] == "" {
				errs["applicant.phone"] = apperr.PublicMessage(err)
			}
		}
	}
	return out
}
