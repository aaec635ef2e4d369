package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/middleware"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// The status lookup: the dossier code and the last four digits of the
// applicant's phone or ID number. A wrong pair reads the same as an unknown
// code; the store throttles failures per address and per code
// (store.LookupGuarded), for the API and these pages alike.

type portalLookupData struct {
	D        *dossier.Dossier
	Status   string // the status's name in the page's language
	Meaning  string // what it means for the citizen
	Timeline []portalTimelineEntry
	Fee      string
	Payment  string
	Bring    []string
	Last4    string // kept for the rating form
	// Rated says the rating was just recorded; AlreadyRated that it had been before.
	Rated        bool
	AlreadyRated bool
	Rating       string        // the recorded rating in words
	Return       *uxReturnView // how the result is received (ux_return.go)
	Pay          *payButton    // online payment (payment.go)
	// Result is what is offered of an electronic result (results.go):
	// "", "signing" or "ready"; FullOnline says the procedure is done
	// online from end to end (nobody is sent to the counter).
	Result     string
	FullOnline bool
	Signed     bool // the result is served digitally signed
	// SigningNote says what is happening to a result waiting for its
	// signature (ux_signing.go).
	SigningNote string
	// Supplement is the supplement section of a dossier waiting for one
	// (ux_supplement.go); SupplementSent says one was just recorded.
	Supplement     *uxSupplementView
	SupplementSent bool
}

type portalTimelineEntry struct {
	At    time.Time
	Label string
	Note  string // a refusal's or supplement request's reason (Vietnamese)
}

// portalLookupForm shows the form, the code prefilled from ?ma= (the QR code on
// the receipt slip leads here).
func (s *Server) portalLookupForm(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(w, r, "")
	p.Title = p.T("portal.lookup.title")
	p.Nav = "lookup"
	p.Form = url.Values{"ma": {strings.TrimSpace(r.URL.Query().Get("ma"))}}
	return s.render(w, http.StatusOK, "portal_lookup", p)
}

// portalCheckLookup validates the pair and the address's failures, and returns the
// dossier and its public events; a non-nil status means p is ready to be
// rendered with that status instead.
func (s *Server) portalCheckLookup(r *http.Request, p *Page, code, last4 string) (*dossier.Dossier, []store.StoredEvent, int, error) {
	ctx := r.Context()
	p.Form = url.Values{"ma": {code}, "so": {last4}}
	p.Errors = map[string]string{}
	if code == "" {
		p.Errors["ma"] = p.T("portal.lookup.code.required")
	}
	switch {
	case last4 == "":
		p.Errors["so"] = p.T("portal.lookup.last4.required")
	case !portalDigits(last4) || len(last4) != 4 && (len(last4) < 9 || len(last4) > 12): // or the whole number (store.LookupGuarded)
		p.Errors["so"] = p.T("portal.lookup.last4.invalid")
	}
	if len(p.Errors) > 0 {
		p.FormError = p.T("form.has_errors")
		return nil, nil, http.StatusBadRequest, nil
	}
	// The same guarded lookup as the API's: throttled per address and per code.
	d, events, err := s.db.LookupGuarded(ctx, code, last4, middleware.ClientIP(r))
	if apperr.KindOf(err) == apperr.Throttled && apperr.FieldOf(err) == "so" {
		p.Errors["so"] = p.T("ux.lookup.full_needed")
		p.FormError = p.T("ux.lookup.full_needed")
		return nil, nil, http.StatusTooManyRequests, nil
	}
	if apperr.KindOf(err) == apperr.Throttled {
		p.FormError = p.T("portal.lookup.throttled")
		return nil, nil, http.StatusTooManyRequests, nil
	}
	if apperr.KindOf(err) == apperr.NotFound {
		p.FormError = p.T("portal.lookup.notfound")
		return nil, nil, http.StatusNotFound, nil
	}
	if err != nil {
		return nil, nil, 0, err
	}
	return d, events, 0, nil
}

// lookedUp is a dossier that the posted code and four digits opened, with
// the lookup page it is shown on.
type lookedUp struct {
	p      *Page
	d      *dossier.Dossier
	events []store.StoredEvent
	last4  string
}

// portalPostedLookup reads the status page's posted code and four digits
// and checks them (portalCheckLookup: the throttle, the second factor).
// When they open no dossier it renders the lookup form with its error and
// returns nil: the handler is done.
func (s *Server) portalPostedLookup(w http.ResponseWriter, r *http.Request) (*lookedUp, error) {
	p := s.newPage(w, r, "")
	p.Title = p.T("portal.lookup.title")
	p.Nav = "lookup"
	code := strings.ToUpper(textfold.NFC(r.PostFormValue("ma")))
	last4 := textfold.NFC(r.PostFormValue("so"))
	d, events, status, err := s.portalCheckLookup(r, p, code, last4)
	if err != nil {
		return nil, err
	}
	if status != 0 {
		return nil, s.render(w, status, "portal_lookup", p)
	}
	return &lookedUp{p: p, d: d, events: events, last4: last4}, nil
}

// portalLookup shows a dossier's status to whoever knows its code and the last
// four digits. It answers a POST, so the digits stay out of addresses and logs.
func (s *Server) portalLookup(w http.ResponseWriter, r *http.Request) error {
	lk, err := s.portalPostedLookup(w, r)
	if lk == nil || err != nil {
		return err
	}
	p, d, events, last4 := lk.p, lk.d, lk.events, lk.last4
	if err := s.portalFillResult(r, p, d, events, last4); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "portal_result", p)
}

// portalRate records the applicant's rating of a returned dossier, once; the
// second time the page says it was already rated.
func (s *Server) portalRate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lk, err := s.portalPostedLookup(w, r)
	if lk == nil || err != nil {
		return err
	}
	p, d, events, last4 := lk.p, lk.d, lk.events, lk.last4
	rating := dossier.Rating(r.PostFormValue("rating"))
	complaint := textfold.NFC(r.PostFormValue("complaint"))
	errs := map[string]string{}
	switch rating {
	case dossier.VerySatisfied, dossier.Satisfied, dossier.NotSatisfied:
	default:
		errs["rating"] = p.T("portal.rate.required")
	}
	if n := len([]rune(complaint)); n > 2000 {
		errs["complaint"] = p.T("portal.rate.complaint.long", n)
	}
	code := d.Code
	if len(errs) == 0 && d.Rating == "" && d.Status == dossier.Returned {
		nd, err := s.db.Act(ctx, code, dossier.Action{Kind: dossier.ActRate, Rating: rating, Complaint: complaint}, nil)
		switch {
		case err == nil:
			d = nd
			if err := s.portalFillResult(r, p, d, events, last4); err != nil {
				return err
			}
			p.Data.(*portalLookupData).Rated = true
			return s.render(w, http.StatusOK, "portal_result", p)
		case apperr.KindOf(err) == apperr.Conflict:
			// Rated in the meantime (another tab): reload and say so below.
			if d, err = s.db.Dossier(ctx, code); err != nil {
				return err
			}
		default:
			return err
		}
	}
	if err := s.portalFillResult(r, p, d, events, last4); err != nil {
		return err
	}
	ld := p.Data.(*portalLookupData)
	switch {
	case d.Rating != "":
		ld.AlreadyRated = true
		return s.render(w, http.StatusConflict, "portal_result", p)
	case d.Status != dossier.Returned:
		p.FormError = p.T("portal.rate.not_returned")
		return s.render(w, http.StatusConflict, "portal_result", p)
	}
	p.Errors = errs
	p.Form.Set("rating", string(rating))
	p.Form.Set("complaint", complaint)
	p.FormError = p.T("form.has_errors")
	return s.render(w, http.StatusBadRequest, "portal_result", p)
}

// portalFillResult prepares the result page of d for p.
func (s *Server) portalFillResult(r *http.Request, p *Page, d *dossier.Dossier, events []store.StoredEvent, last4 string) error {
	en := p.Lang == "en"
	ld := &portalLookupData{D: d, Last4: last4, Status: d.Status.Label(), Meaning: portalStatusMeaning(d.Status, en)}
	if en {
		ld.Status = d.Status.LabelEN()
	}
	for _, e := range events {
		te := portalTimelineEntry{At: e.At, Label: portalEventLabel(e, en)}
		if store.IsPaymentEvent(e.Kind) {
			// A payment's events leave the status as it is: name the event,
			// and say what it says (amount, order, refund).
			te.Label, te.Note = actionLabel(p.Lang, e.Kind), e.Note
		}
		if e.Kind == dossier.ActSupplement {
			te.Label = p.T("ux.supplement.event")
		}
		if e.Detail != nil && (e.Kind == dossier.ActRefuse || e.Kind == dossier.ActRequestSupplement) {
			te.Note = e.Detail.Reason
			if len(e.Detail.Items) > 0 {
				te.Note += ": " + strings.Join(e.Detail.Items, "; ")
			}
		}
		ld.Timeline = append(ld.Timeline, te)
	}
	switch pay := d.Payment; {
	case pay.Exemption != "":
		ld.Fee = p.T("portal.fee.exempt", pay.Exemption)
	case pay.Due == 0:
		ld.Fee = p.T("portal.fee.none")
	default:
		ld.Fee = formatVND(pay.Due)
		ld.Payment = p.T("payment.state." + string(pay.State))
	}
	if d.Status == dossier.Resolved || d.Status.Pending() || d.Status == dossier.New {
		ld.Bring = portalBring(p, d)
	}
	if d.Rating != "" {
		ld.Rating = p.T("rating." + string(d.Rating))
	}
	ld.Pay = s.payButtonFor(r, d, "", last4)
	var err error
	if ld.Return, err = s.uxReturnFor(r.Context(), p, d); err != nil {
		return err
	}
	if c := ld.Return.Choice; c != nil && c.Channel == dossier.ReturnByPost {
		ld.Bring = nil // nobody comes to the counter
	}
	if err := s.portalResultFacts(r.Context(), p, ld); err != nil {
		return err
	}
	// The supplement form posts without a fragment: one would keep the
	// error from taking the focus. The signed-in citizen's page has no digits.
	action := "/tra-cuu/bo-sung"
	if last4 == "" {
		action = "/ca-nhan/ho-so/" + d.Code + "/bo-sung"
	}
	if ld.Supplement = uxSupplementFor(d, events, action); ld.Supplement != nil && ld.Supplement.Online {
		ld.Supplement.Max = portalMB(s.opt.MaxUpload)
		ld.Meaning = p.T("ux.supplement.meaning.online")
		ld.Bring = nil // nothing to bring: the papers are sent online
	}
	p.Data = ld
	return nil
}

// portalEventLabel names a public event for the citizen.
func portalEventLabel(e store.StoredEvent, en bool) string {
	if e.Kind == dossier.ActSubmit {
		if en {
			return "Submitted"
		}
		return "Đã nộp hồ sơ"
	}
	if en {
		return e.ToStatus.LabelEN()
	}
	return e.ToStatus.Label()
}

// portalStatusMeaning says, in plain words, what a status means for the citizen
// and what they should do.
func portalStatusMeaning(st dossier.Status, en bool) string {
	m := map[dossier.Status][2]string{
		dossier.New: {"Hồ sơ đã được gửi trực tuyến và đang chờ Bộ phận Một cửa kiểm tra. Khi hồ sơ được tiếp nhận, bạn sẽ có ngày hẹn trả kết quả. Bạn chưa cần làm gì thêm.",
			"Your dossier was sent online and waits for the one-stop department to check it. Once it is received you get an appointment date. Nothing to do yet."},
		dossier.Received: {"Bộ phận Một cửa đã tiếp nhận hồ sơ và chuyển đến cán bộ phụ trách. Kết quả sẽ có vào ngày hẹn trả bên dưới.",
			"The one-stop department received your dossier and passed it to the officer in charge. The result is due on the appointment date below."},
		dossier.Refused: {"Hồ sơ không được tiếp nhận. Lý do được ghi trong quá trình xử lý bên dưới. Bạn có thể chuẩn bị lại và nộp hồ sơ mới.",
			"Your dossier was not accepted. The reason is in the history below. You may prepare it again and submit a new one."},
		dossier.Processing: {"Cán bộ đang xem xét, giải quyết hồ sơ. Bạn chưa cần làm gì thêm; kết quả sẽ có vào ngày hẹn trả.",
			"An officer is working on your dossier. Nothing to do yet; the result is due on the appointment date."},
		dossier.Supplement: {"Hồ sơ còn thiếu hoặc cần sửa giấy tờ. Vui lòng xem nội dung cần bổ sung bên dưới và mang đến Bộ phận Một cửa. Thời hạn giải quyết tạm dừng trong lúc chờ bổ sung.",
			"Your dossier needs more or corrected documents. See what is needed below and bring it to the one-stop department. The time limit is paused meanwhile."},
		dossier.AwaitingPayment: {"Hồ sơ đang chờ bạn nộp phí, lệ phí. Sau khi nộp, hồ sơ được giải quyết tiếp.",
			"Your dossier waits for the fee to be paid. Once paid, the work goes on."},
		dossier.Withdrawn: {"Hồ sơ đã được rút theo đề nghị của bạn. Việc giải quyết đã kết thúc.",
			"The dossier was withdrawn at your request. Nothing more will be done."},
		dossier.Stopped: {"Việc giải quyết hồ sơ đang tạm dừng. Bộ phận Một cửa sẽ liên hệ với bạn; bạn có thể gọi đến đơn vị để biết thêm.",
			"Work on your dossier is stopped for now. The one-stop department will contact you; you may call the office to know more."},
		dossier.Resolved: {"Đã có kết quả. Mời bạn đến Bộ phận Một cửa nhận kết quả, mang theo các giấy tờ ghi bên dưới.",
			"The result is ready. Come to the one-stop department to collect it, with the documents listed below."},
		dossier.Returned: {"Bạn đã nhận kết quả. Cảm ơn bạn; xin dành một phút đánh giá sự phục vụ bên dưới.",
			"You have collected the result. Thank you; please take a minute to rate the service below."},
	}[st]
	if en {
		return m[1]
	}
	return m[0]
}
