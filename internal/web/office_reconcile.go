package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/store"
)

// Reconciliation with the national portal, as officers see it: a form on
// the sync page asks for one (a job the portal's worker runs: the adapter
// is never called from a request), the latest ones are listed there, and
// each has a page of its differences (/can-bo/dong-bo/doi-soat/{id}).

// reconcileDays is the period the form proposes: the last 30 days.
const reconcileDays = 30

type reconcileForm struct {
	From, To string // YYYY-MM-DD
}

// reconcileData is what the sync page shows of reconciliations.
type reconcileData struct {
	Form   reconcileForm
	Latest []*store.Reconciliation
	// Waiting counts the requested reconciliations not yet started.
	Waiting int
}

func (s *Server) reconcileData(r *http.Request, unitID string) (reconcileData, error) {
	today := calendar.DateOf(s.db.Now())
	d := reconcileData{Form: reconcileForm{From: today.AddDays(-reconcileDays).String(), To: today.String()}}
	var err error
	if d.Latest, err = s.db.Reconciliations(r.Context(), unitID, 10); err != nil {
		return d, err
	}
	jobs, err := s.db.Jobs(r.Context(), store.JobFilter{Kind: portal.KindReconcile, States: []store.JobState{store.JobQueued, store.JobRunning}})
	if err != nil {
		return d, err
	}
	for _, j := range jobs {
		if strings.HasPrefix(j.Key, portal.KindReconcile+":"+unitID+":") {
			d.Waiting++
		}
	}
	return d, nil
}

// syncReconcile asks for a reconciliation of the officer's unit's dossiers
// received between two dates (both included).
func (s *Server) syncReconcile(w http.ResponseWriter, r *http.Request) error {
	o := officerOf(r)
	from, err := calendar.ParseDate(strings.TrimSpace(r.PostFormValue("from")))
	if err != nil {
		return apperr.Invalidf("from", "ngày bắt đầu không hợp lệ (định dạng năm-tháng-ngày)")
	}
	to, err := calendar.ParseDate(strings.TrimSpace(r.PostFormValue("to")))
	if err != nil {
		return apperr.Invalidf("to", "ngày kết thúc không hợp lệ (định dạng năm-tháng-ngày)")
	}
	if to.Compare(from) < 0 {
		return apperr.Invalidf("to", "ngày kết thúc phải từ ngày bắt đầu trở đi")
	}
	if to.Compare(from.AddDays(366)) > 0 {
		return apperr.Invalidf("to", "mỗi lần đối soát tối đa một năm")
	}
	if _, err := portal.EnqueueReconcile(r.Context(), s.db, portal.ReconcileRequest{UnitID: o.UnitID,
		From: from.At(0), To: to.AddDays(1).At(0), By: o.ID}); err != nil {
		return err
	}
	s.flash(w, translate(languageOf(w, r), "office.reconcile.requested", from.String(), to.String()))
	http.Redirect(w, r, "/can-bo/dong-bo#reconcile-h", http.StatusSeeOther)
	return nil
}

type reconcilePageData struct {
	R     *store.Reconciliation
	Diffs []store.PortalDifference
	Until time.Time // the period's last day
}

// reconcilePage lists the differences one reconciliation found.
func (s *Server) reconcilePage(w http.ResponseWriter, r *http.Request) error {
	o := officerOf(r)
	rec, err := s.db.ReconciliationByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if rec.UnitID != o.UnitID {
		return apperr.New(apperr.NotFound, "không tìm thấy lần đối soát %s", r.PathValue("id"))
	}
	diffs, err := s.db.PortalDifferences(r.Context(), rec.ID)
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "")
	p.Title = p.T("office.reconcile.title")
	p.Nav = "workspace"
	p.Data = reconcilePageData{R: rec, Diffs: diffs, Until: rec.To.Add(-time.Millisecond)}
	return s.render(w, http.StatusOK, "office_reconcile", p)
}
