package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/feedback"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

type officeFeedbackQueueData struct {
	Items      []*feedback.Item
	Tab        string // mine, open, overdue, answered
	Query      string
	Total      int
	Overdue    int // the unit's overdue items (the tab's badge)
	Page       int
	Pages      int
	Prev, Next string
	Handlers   map[string]string // officer id -> name
	Late       map[string]bool   // the codes of the overdue items shown
	IsLeader   bool
}

// officeFeedbackQueue is the unit's feedback: ?xem=cua-toi (the officer's
// own, the default for a specialist), mo (every open one, a leader's
// default), qua-han (overdue), da-tra-loi (answered); ?q= searches.
func (s *Server) officeFeedbackQueue(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o := officerOf(r)
	q := r.URL.Query()
	d := officeFeedbackQueueData{Tab: q.Get("xem"), Query: strings.TrimSpace(textfold.NFC(q.Get("q"))), IsLeader: o.Has(staff.Leader)}
	if d.Tab == "" {
		d.Tab = "cua-toi"
		if d.IsLeader {
			d.Tab = "mo"
		}
	}
	now := s.db.Now()
	f := store.FeedbackFilter{UnitID: o.UnitID, Query: d.Query}
	switch d.Tab {
	case "cua-toi":
		f.HandlerID, f.Open = o.ID, true
	case "mo":
		f.Open = true
	case "qua-han":
		f.OverdueAt = now
	case "da-tra-loi":
		f.Status = feedback.Answered
	default:
		return apperr.New(apperr.NotFound, "không có danh sách phản ánh %q", d.Tab)
	}
	page, err := pageNumber(r)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = feedbackPerPage, (page-1)*feedbackPerPage
	if d.Items, d.Total, err = s.db.Feedbacks(ctx, f); err != nil {
		return err
	}
	d.Late = map[string]bool{}
	for _, it := range d.Items {
		d.Late[it.Code] = it.Overdue(now)
	}
	if _, d.Overdue, err = s.db.Feedbacks(ctx, store.FeedbackFilter{UnitID: o.UnitID, OverdueAt: now, Limit: 1}); err != nil {
		return err
	}
	d.Page, d.Pages = page, max(1, (d.Total+feedbackPerPage-1)/feedbackPerPage)
	d.Prev, d.Next = pagerLinks("/can-bo/phan-anh", url.Values{"xem": {d.Tab}, "q": {d.Query}}, page, d.Pages)
	names, err := s.officerNames(ctx, o.UnitID)
	if err != nil {
		return err
	}
	d.Handlers = names.names
	p := s.newPage(w, r, "")
	p.Title = p.T("office.feedback.title")
	p.Nav = "feedback-office"
	p.Data = d
	return s.render(w, http.StatusOK, "office_feedback", p)
}

// officeFeedbackNew is the form to record feedback given at the counter.
func (s *Server) officeFeedbackNew(w http.ResponseWriter, r *http.Request) error {
	p, d, err := s.feedbackFormPage(w, r)
	if err != nil {
		return err
	}
	s.officeFeedbackForm(r, p, d)
	p.Form = url.Values{"kind": {string(feedback.Feedback)}, "subject": {string(feedback.AboutProcedure)}}
	return s.render(w, http.StatusOK, "feedback_form", p)
}

func (s *Server) officeFeedbackForm(r *http.Request, p *Page, d *feedbackFormData) {
	p.Title = p.T("office.feedback.new")
	p.Nav = "feedback-office"
	d.Officer, d.Action, d.Units, d.Unit = true, "/can-bo/phan-anh/moi", nil, nil
}

// officeFeedbackCreate records feedback given at the counter, for the
// officer's unit, and opens it.
func (s *Server) officeFeedbackCreate(w http.ResponseWriter, r *http.Request) error {
	o := officerOf(r)
	p, d, err := s.feedbackFormPage(w, r)
	if err != nil {
		return err
	}
	s.officeFeedbackForm(r, p, d)
	sub := feedbackSubmission(r, p)
	if k := r.PostFormValue(portalIdemField); portalIdemKey.MatchString(k) {
		d.Key = k
	}
	it, err := s.db.SubmitFeedback(r.Context(), store.FeedbackRequest{UnitID: o.UnitID, Submission: sub, Actor: o, IdemKey: "web:" + d.Key})
	if err != nil {
		if errs := feedbackErrors(p.Lang, err); errs != nil {
			p.Errors, p.FormError = errs, p.T("form.has_errors")
			return s.render(w, http.StatusBadRequest, "feedback_form", p)
		}
		return err
	}
	s.flash(w, p.T("office.feedback.recorded", it.Code))
	http.Redirect(w, r, "/can-bo/phan-anh/"+it.Code, http.StatusSeeOther)
	return nil
}

type officeFeedbackItemData struct {
	Item      *feedback.Item
	Events    []store.FeedbackEvent
	Handler   string
	Overdue   bool
	CanAnswer bool
	IsLeader  bool
	Officers  []*staff.Officer // a leader assigns to one of them
}

func (s *Server) officeFeedbackPage(w http.ResponseWriter, r *http.Request, code string) (*Page, *officeFeedbackItemData, error) {
	ctx := r.Context()
	o := officerOf(r)
	it, err := s.db.FeedbackForOfficer(ctx, code, o)
	if err != nil {
		return nil, nil, err
	}
	d := &officeFeedbackItemData{Item: it, Overdue: it.Overdue(s.db.Now()), IsLeader: o.Has(staff.Leader)}
	d.CanAnswer = it.Status != feedback.Answered && (it.HandlerID == o.ID || d.IsLeader)
	if d.Events, err = s.db.FeedbackEvents(ctx, it.ID); err != nil {
		return nil, nil, err
	}
	if it.HandlerID != "" {
		if h, err := s.db.Officer(ctx, it.HandlerID); err == nil {
			d.Handler = h.FullName
		}
	}
	if d.IsLeader && it.Status != feedback.Answered {
		active := true
		if d.Officers, err = s.db.Officers(ctx, store.OfficerFilter{UnitID: o.UnitID, Active: &active}); err != nil {
			return nil, nil, err
		}
	}
	p := s.newPage(w, r, it.Code)
	p.Nav = "feedback-office"
	p.Data = d
	return p, d, nil
}

// officeFeedbackItem is one item: what the citizen wrote, its steps, and
// the answer form for its handler or a leader.
func (s *Server) officeFeedbackItem(w http.ResponseWriter, r *http.Request) error {
	p, _, err := s.officeFeedbackPage(w, r, r.PathValue("code"))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "office_feedback_item", p)
}

// officeFeedbackAnswer records the answer; with "publish" and the citizen's
// consent the item and its answer are published.
func (s *Server) officeFeedbackAnswer(w http.ResponseWriter, r *http.Request) error {
	o := officerOf(r)
	code := r.PathValue("code")
	answer := textfold.NFC(r.PostFormValue("answer"))
	_, err := s.db.AnswerFeedback(r.Context(), code, answer, r.PostFormValue("publish") != "", o)
	if errs := feedbackErrors(languageOf(w, r), err); errs != nil {
		p, _, perr := s.officeFeedbackPage(w, r, code)
		if perr != nil {
			return perr
		}
		p.Form = url.Values{"answer": {answer}}
		p.Errors, p.FormError = errs, p.T("form.has_errors")
		return s.render(w, http.StatusBadRequest, "office_feedback_item", p)
	}
	if err != nil {
		return err
	}
	s.flash(w, translate(languageOf(w, r), "office.feedback.answered"))
	http.Redirect(w, r, "/can-bo/phan-anh/"+code, http.StatusSeeOther)
	return nil
}

// officeFeedbackAssign gives the item to another officer (leaders).
func (s *Server) officeFeedbackAssign(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	if _, err := s.db.AssignFeedback(r.Context(), code, r.PostFormValue("handler"), officerOf(r)); err != nil {
		return err
	}
	s.flash(w, translate(languageOf(w, r), "office.feedback.assigned"))
	http.Redirect(w, r, "/can-bo/phan-anh/"+code, http.StatusSeeOther)
	return nil
}

// officeFeedbackPublish publishes an answered item (with consent) or
// withdraws it from the public list.
func (s *Server) officeFeedbackPublish(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	publish := r.PostFormValue("publish") == "1"
	if _, err := s.db.PublishFeedback(r.Context(), code, publish, officerOf(r)); err != nil {
		return err
	}
	key := "office.feedback.unpublished"
	if publish {
		key = "office.feedback.published"
	}
	s.flash(w, translate(languageOf(w, r), key))
	http.Redirect(w, r, "/can-bo/phan-anh/"+code, http.StatusSeeOther)
	return nil
}
