package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/feedback"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
	"github.com/motcua/motcua/internal/unit"
)

// The citizens' feedback and petitions (phản ánh, kiến nghị): the public
// list of answered items, the form, the lookup with the rating (this file);
// the officers' queue and answer (feedback_office.go).

func (s *Server) feedbackRoutes() []route {
	return []route{
		{"GET /phan-anh", anyone, s.feedbackList},
		{"GET /phan-anh/gui", anyone, s.feedbackForm},
		{"POST /phan-anh/gui", anyone, s.feedbackSubmit},
		{"GET /phan-anh/tra-cuu", anyone, s.feedbackLookupForm},
		{"POST /phan-anh/tra-cuu", anyone, s.feedbackLookup},
		{"POST /phan-anh/danh-gia", anyone, s.feedbackRate},
		{"GET /phan-anh/{code}", anyone, s.feedbackPublic},

		{"GET /can-bo/phan-anh", anyOfficer, s.officeFeedbackQueue},
		{"GET /can-bo/phan-anh/moi", anyOfficer, s.officeFeedbackNew},
		{"POST /can-bo/phan-anh/moi", anyOfficer, s.officeFeedbackCreate},
		{"GET /can-bo/phan-anh/{code}", anyOfficer, s.officeFeedbackItem},
		{"POST /can-bo/phan-anh/{code}/tra-loi", anyOfficer, s.officeFeedbackAnswer},
		{"POST /can-bo/phan-anh/{code}/phan-cong", anyOfficer, s.officeFeedbackAssign},
		{"POST /can-bo/phan-anh/{code}/cong-khai", anyOfficer, s.officeFeedbackPublish},
	}
}

// feedbackPerPage is the length of a page of the public list and the queue.
const feedbackPerPage = 20

// Anonymous feedback is bounded per address: feedbackPerHour an hour.
const feedbackPerHour = 10

// feedbackFields are the form's fields, as typed.
var feedbackFields = []string{"kind", "subject", "about", "title", "content", "name", "phone", "email", "address"}

type feedbackListData struct {
	Items      []*feedback.Item
	Query      string
	Page       int
	Pages      int
	Prev, Next string
}

// feedbackList is the public list of answered items the citizens agreed to
// publish, newest answer first; ?q= searches them.
func (s *Server) feedbackList(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(textfold.NFC(r.URL.Query().Get("q")))
	if len([]rune(q)) > 200 {
		q = string([]rune(q)[:200])
	}
	page, err := pageNumber(r)
	if err != nil {
		return err
	}
	items, total, err := s.db.Feedbacks(r.Context(), store.FeedbackFilter{Published: true, Query: q,
		Limit: feedbackPerPage, Offset: (page - 1) * feedbackPerPage})
	if err != nil {
		return err
	}
	d := feedbackListData{Items: items, Query: q, Page: page, Pages: max(1, (total+feedbackPerPage-1)/feedbackPerPage)}
	d.Prev, d.Next = pagerLinks("/phan-anh", url.Values{"q": {q}}, page, d.Pages)
	p := s.newPage(w, r, "")
	p.Title = p.T("feedback.list.title")
	p.Nav = "feedback"
	p.Data = d
	return s.render(w, http.StatusOK, "feedback_list", p)
}

// feedbackPublic is one published item with its answer.
func (s *Server) feedbackPublic(w http.ResponseWriter, r *http.Request) error {
	it, err := s.db.PublishedFeedback(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	p := s.newPage(w, r, it.Title)
	p.Nav = "feedback"
	p.Data = feedbackViewData{Item: it}
	return s.render(w, http.StatusOK, "feedback_view", p)
}

type feedbackFormData struct {
	Units   []*unit.Unit // to choose from when there are several
	Unit    *unit.Unit
	Key     string // the idempotency key of this filling of the form
	Officer bool   // recorded at the counter
	Action  string
}

func (s *Server) feedbackFormPage(w http.ResponseWriter, r *http.Request) (*Page, *feedbackFormData, error) {
	p := s.newPage(w, r, "")
	p.Title = p.T("feedback.form.title")
	p.Nav = "feedback"
	d := &feedbackFormData{Key: randomToken(), Action: "/phan-anh/gui"}
	units, err := s.portalReceivingUnits(r)
	if err != nil {
		return nil, nil, err
	}
	if len(units) == 1 {
		d.Unit = units[0]
	} else {
		d.Units = units
	}
	p.Data = d
	return p, d, nil
}

// feedbackForm is the form a citizen sends feedback with; ?thu-tuc= or
// ?ho-so= fills in what it is about.
func (s *Server) feedbackForm(w http.ResponseWriter, r *http.Request) error {
	p, _, err := s.feedbackFormPage(w, r)
	if err != nil {
		return err
	}
	p.Form = url.Values{"kind": {string(feedback.Feedback)}, "subject": {string(feedback.AboutProcedure)}}
	q := r.URL.Query()
	if v := strings.TrimSpace(q.Get("thu-tuc")); v != "" && len(v) <= feedback.MaxAboutLen {
		p.Form.Set("about", v)
	}
	if v := strings.TrimSpace(q.Get("ho-so")); v != "" && len(v) <= feedback.MaxAboutLen {
		p.Form.Set("subject", string(feedback.AboutDossier))
		p.Form.Set("about", v)
	}
	return s.render(w, http.StatusOK, "feedback_form", p)
}

// feedbackSubmission reads the form into a submission, keeping what was
// typed (NFC) in p.Form.
func feedbackSubmission(r *http.Request, p *Page) feedback.Submission {
	p.Form = url.Values{}
	for _, k := range feedbackFields {
		p.Form.Set(k, textfold.NFC(r.PostFormValue(k)))
	}
	if r.PostFormValue("publish") != "" {
		p.Form.Set("publish", "1")
	}
	f := p.Form
	sub := feedback.Submission{Kind: feedback.Kind(f.Get("kind")), Subject: feedback.Subject(f.Get("subject")),
		About: f.Get("about"), Title: f.Get("title"), Content: f.Get("content"), Name: f.Get("name"),
		Phone: f.Get("phone"), Email: f.Get("email"), Address: f.Get("address"), PublishConsent: f.Get("publish") != ""}
	sub.Normalize()
	return sub
}

// feedbackErrors is a validation error's messages by field, as sentences.
func feedbackErrors(lang string, err error) map[string]string {
	errs := problemMessages(lang, err)
	for k, v := range errs {
		errs[k] = portalSentence(v)
	}
	return errs
}

// feedbackSubmit records a citizen's feedback: bounded per address, once
// per filling of the form (a double click shows the same code), then shows
// its code and due date.
func (s *Server) feedbackSubmit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, d, err := s.feedbackFormPage(w, r)
	if err != nil {
		return err
	}
	sub := feedbackSubmission(r, p)
	if k := r.PostFormValue(portalIdemField); portalIdemKey.MatchString(k) {
		d.Key = k
	}
	u := d.Unit
	if u == nil {
		p.Form.Set("unit", r.PostFormValue("unit"))
		for _, x := range d.Units {
			if x.ID == r.PostFormValue("unit") {
				u = x
			}
		}
	}
	p.Errors = map[string]string{}
	if err := sub.Validate(feedback.Online); err != nil {
		p.Errors = feedbackErrors(p.Lang, err)
	}
	if u == nil {
		p.Errors["unit"] = p.T("feedback.form.unit.required")
	}
	if len(p.Errors) > 0 {
		p.FormError = p.T("form.has_errors")
		return s.render(w, http.StatusBadRequest, "feedback_form", p)
	}
	if _, err := s.db.ReserveAttempt(ctx, "Đã có quá nhiều phản ánh gửi từ địa chỉ này trong một giờ. Vui lòng thử lại sau.",
		store.Allowance{Key: "feedback:" + middleware.ClientIP(r), Max: feedbackPerHour, Window: time.Hour}); err != nil {
		if apperr.KindOf(err) == apperr.Throttled {
			p.FormError = p.T("feedback.form.throttled")
			return s.render(w, http.StatusTooManyRequests, "feedback_form", p)
		}
		return err
	}
	it, err := s.db.SubmitFeedback(ctx, store.FeedbackRequest{UnitID: u.ID, Submission: sub, IdemKey: "web:" + d.Key})
	if err != nil {
		if errs := feedbackErrors(p.Lang, err); errs != nil {
			p.Errors, p.FormError = errs, p.T("form.has_errors")
			return s.render(w, http.StatusBadRequest, "feedback_form", p)
		}
		return err
	}
	p.Title = p.T("feedback.sent.title")
	p.Form = nil
	p.Data = feedbackViewData{Item: it, Unit: u}
	return s.render(w, http.StatusOK, "feedback_sent", p)
}

type feedbackViewData struct {
	Item   *feedback.Item
	Unit   *unit.Unit
	Last4  string // kept for the rating form
	Rated  bool   // the rating was just recorded
	Events []store.FeedbackEvent
}

func (s *Server) feedbackLookupForm(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(w, r, "")
	p.Title = p.T("feedback.lookup.title")
	p.Nav = "feedback"
	p.Form = url.Values{"ma": {strings.TrimSpace(r.URL.Query().Get("ma"))}}
	return s.render(w, http.StatusOK, "feedback_lookup", p)
}

// feedbackCheckLookup validates the code and the four digits and finds the
// item; a non-zero status means p is to be rendered with the form again.
func (s *Server) feedbackCheckLookup(r *http.Request, p *Page) (*feedback.Item, int, error) {
	code := strings.ToUpper(strings.TrimSpace(textfold.NFC(r.PostFormValue("ma"))))
	last4 := strings.TrimSpace(textfold.NFC(r.PostFormValue("so")))
	p.Title = p.T("feedback.lookup.title")
	p.Nav = "feedback"
	p.Form = url.Values{"ma": {code}, "so": {last4}}
	p.Errors = map[string]string{}
	if code == "" {
		p.Errors["ma"] = p.T("feedback.lookup.code.required")
	}
	if len(last4) != 4 || !portalDigits(last4) {
		p.Errors["so"] = p.T("feedback.lookup.last4.invalid")
	}
	if len(p.Errors) > 0 {
		p.FormError = p.T("form.has_errors")
		return nil, http.StatusBadRequest, nil
	}
	it, err := s.db.LookupFeedback(r.Context(), code, last4, middleware.ClientIP(r))
	switch apperr.KindOf(err) {
	case apperr.Throttled:
		p.FormError = p.T("portal.lookup.throttled")
		return nil, http.StatusTooManyRequests, nil
	case apperr.NotFound:
		p.FormError = p.T("feedback.lookup.notfound")
		return nil, http.StatusNotFound, nil
	}
	return it, 0, err
}

// feedbackLookup shows an item's status and answer to its citizen, with the
// rating form once it is answered. It answers a POST, so the digits stay out
// of addresses and logs.
func (s *Server) feedbackLookup(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(w, r, "")
	it, status, err := s.feedbackCheckLookup(r, p)
	if err != nil {
		return err
	}
	if status != 0 {
		return s.render(w, status, "feedback_lookup", p)
	}
	p.Data = feedbackViewData{Item: it, Last4: p.Form.Get("so")}
	return s.render(w, http.StatusOK, "feedback_view", p)
}

// feedbackRate records the citizen's rating of the answer, once.
func (s *Server) feedbackRate(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(w, r, "")
	it, status, err := s.feedbackCheckLookup(r, p)
	if err != nil {
		return err
	}
	if status != 0 {
		return s.render(w, status, "feedback_lookup", p)
	}
	d := feedbackViewData{Item: it, Last4: p.Form.Get("so")}
	rating := dossier.Rating(r.PostFormValue("rating"))
	if !feedback.ValidRating(rating) {
		p.Errors = map[string]string{"rating": p.T("portal.rate.required")}
		p.FormError = p.T("form.has_errors")
		p.Data = d
		return s.render(w, http.StatusBadRequest, "feedback_view", p)
	}
	it, d.Rated, err = s.db.RateFeedback(r.Context(), it.Code, d.Last4, rating)
	if err != nil {
		return err
	}
	d.Item = it
	p.Data = d
	return s.render(w, http.StatusOK, "feedback_view", p)
}

// pageNumber reads ?trang=N (1 when absent); anything else is not found.
func pageNumber(r *http.Request) (int, error) {
	v := r.URL.Query().Get("trang")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100000 {
		return 0, apperr.New(apperr.NotFound, "không có trang này")
	}
	return n, nil
}

// pagerLinks returns the addresses of the previous and next pages of base
// with query q (empty values left out).
func pagerLinks(base string, q url.Values, page, pages int) (prev, next string) {
	link := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			if len(vs) > 0 && vs[0] != "" {
				v.Set(k, vs[0])
			}
		}
		if n > 1 {
			v.Set("trang", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return base
		}
		return base + "?" + v.Encode()
	}
	if page > 1 {
		prev = link(page - 1)
	}
	if page < pages {
		next = link(page + 1)
	}
	return prev, next
}

// feedbackField is what the field templates of the feedback forms take.
type feedbackField struct {
	P      *Page
	Name   string
	Errors map[string]string
}

// feedbackFuncs are the template functions of the feedback pages.
func feedbackFuncs() template.FuncMap {
	return template.FuncMap{
		"fbField": func(p *Page, name string) feedbackField { return feedbackField{P: p, Name: name, Errors: p.Errors} },
		"fbTabs":  func() []string { return []string{"cua-toi", "mo", "qua-han", "da-tra-loi"} },
		"fbSubjects": func() []feedback.Subject {
			return []feedback.Subject{feedback.AboutProcedure, feedback.AboutDossier, feedback.AboutOfficer, feedback.AboutOther}
		},
	}
}
