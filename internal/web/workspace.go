package web

import (
	"context"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

// queueRow is one dossier in a queue.
type queueRow struct {
	Code        string
	Procedure   string
	Applicant   string
	Status      string
	Channel     string
	Assignee    string
	ReceivedAt  time.Time
	SubmittedAt time.Time
	Appointment time.Time
	// Original is the first appointment when an apology moved it.
	Original time.Time
	Standing standing
}

// queue is one titled list of the workspace.
type queue struct {
	ID    string // the section's HTML id
	Title string
	Hint  string
	Rows  []queueRow
	// RowsHTML is Rows as the table's rows (workspace_html.go).
	RowsHTML template.HTML
	// Count is how many dossiers the queue holds (Rows shows the first
	// queueLimit); CountText prints it, "9999+" past the cap.
	Count     int
	CountText string
}

// queueLimit is how many dossiers a queue shows: a queue longer than this
// is narrowed with the filters, never paged through with OFFSET.
const queueLimit = 200

// queueCountCap caps the COUNT of a queue's heading and the navigation.
const queueCountCap = 10000

type workspaceData struct {
	Queues    []queue
	View      queueView
	Reception bool
	Now       time.Time
	// Letters is the letter register's link and outstanding counts
	// (office_letters.go), nil for officers who cannot open it.
	Letters *letterCounts
	// FieldNames names the officer's fields (ux_fields.go).
	FieldNames []string
	// Choices of the filter form.
	StatusOptions, FieldOptions, SortOptions, OverdueOptions []adminOption
	// Filtered: a filter narrows the queues (the form offers to clear it).
	Filtered bool
	// FailedSigns are the unit's documents whose signing failed for good
	// and that nobody asked to sign again (ux_signing.go); shown to those
	// who may sign.
	FailedSigns []store.SignedDoc
}

// pendingStatuses are the statuses of a dossier someone must work on.
var pendingStatuses = []dossier.Status{dossier.Received, dossier.Processing, dossier.Supplement, dossier.AwaitingPayment, dossier.Stopped}

// runningStatuses are the statuses whose clock runs: a dossier in one of
// them past its appointment is overdue.
var runningStatuses = []dossier.Status{dossier.Received, dossier.Processing, dossier.AwaitingPayment}

// workspace is the officer's home: the dossiers this officer holds, and by
// role the online dossiers waiting for reception, the results to hand over,
// the approvals waiting for a leader and the unit's overdue dossiers. Due-soon
// and overdue dossiers say so in words. The query (queue_view.go) sorts the
// lists by appointment, receipt or code and filters them by status, field
// and overdue; a bad value is named beside its control and no list is shown.
func (s *Server) workspace(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o := officerOf(r)
	p := s.newPageWithoutCount(w, r, "")
	p.Title = p.T("workspace.title")
	p.Nav = "workspace"
	now := s.db.Now()
	fields, err := s.db.Fields(ctx)
	if err != nil {
		return err
	}
	view, errs := parseQueueView(p.Lang, r.URL.Query(), fields)
	d := workspaceData{View: view, Reception: o.Has(staff.Reception), Now: now, Filtered: view.filtered()}
	d.StatusOptions, d.FieldOptions, d.SortOptions = queueViewOptions(p.Lang, fields)
	d.OverdueOptions = []adminOption{{Value: "1", Label: p.T("queue.filter.overdue")}}
	p.Form = view.values()
	if d.Letters, err = s.workspaceLetters(ctx, o); err != nil {
		return err
	}
	d.FieldNames = fieldNamer(p.Lang, fields)(o.Fields)
	if s.opt.Signing && o.HasAny(staff.Reception, staff.Leader) {
		if d.FailedSigns, err = s.db.FailedSignatures(ctx, o.UnitID, 50); err != nil {
			return err
		}
	}
	p.Data = &d
	if len(errs) > 0 {
		p.NavCount = s.navCount(ctx, o)
		p.Form = r.URL.Query()
		p.Errors, p.FormError = errs, p.T("form.has_errors")
		return s.render(w, http.StatusBadRequest, "workspace", p)
	}
	names, err := s.officerNames(ctx, o.UnitID)
	if err != nil {
		return err
	}
	for _, qd := range officerQueues(o, now) {
		f, ok := view.narrow(qd.filter, now)
		if !ok {
			continue // the status asked for is never in this queue
		}
		f.Limit = queueLimit
		list, err := s.db.DossierLines(ctx, f)
		if err != nil {
			return err
		}
		q := queue{ID: qd.id, Title: p.T(qd.title), Count: len(list)}
		if qd.hint != "" {
			q.Hint = p.T(qd.hint)
		}
		if len(list) == queueLimit {
			n, more, err := s.db.CountMatching(ctx, f, queueCountCap)
			if err != nil {
				return err
			}
			q.Count, q.CountText = n, countText(n, more)
		}
		if q.CountText == "" {
			q.CountText = strconv.Itoa(q.Count)
		}
		for i := range list {
			q.Rows = append(q.Rows, s.queueRow(ctx, p.Lang, &list[i], names, now))
		}
		q.RowsHTML = queueRowsHTML(q.Rows, p.Lang)
		d.Queues = append(d.Queues, q)
	}
	if view.filtered() {
		p.NavCount = s.navCount(ctx, o)
	} else {
		p.NavCount = navCountOf(d.Queues)
	}
	return s.render(w, http.StatusOK, "workspace", p)
}

// navCountOf is navCount from the workspace's own unfiltered queues, which
// count the same dossiers with the same cap.
func navCountOf(queues []queue) string {
	total, anyMore := 0, false
	for _, q := range queues {
		if navQueues[q.ID] {
			total += q.Count
			anyMore = anyMore || strings.HasSuffix(q.CountText, "+")
		}
	}
	return countText(total, anyMore)
}

// queueDef is one of an officer's queues before the page's filters.
type queueDef struct {
	id, title, hint string
	filter          store.DossierFilter
}

// officerQueues are the queues o works from, by role, in the page's order.
func officerQueues(o *staff.Officer, now time.Time) []queueDef {
	qs := []queueDef{{"mine", "office.queue.mine", "", store.DossierFilter{AssigneeID: o.ID, Statuses: pendingStatuses}}}
	if o.Has(staff.Reception) {
		qs = append(qs,
			queueDef{"online", "office.queue.online", "office.queue.online.hint", store.DossierFilter{UnitID: o.UnitID, Statuses: []dossier.Status{dossier.New}}},
			queueDef{"handover", "office.queue.handover", "", store.DossierFilter{UnitID: o.UnitID, Statuses: []dossier.Status{dossier.Resolved}}})
	}
	if o.Has(staff.Leader) {
		qs = append(qs,
			queueDef{"approval", "office.queue.approval", "", store.DossierFilter{UnitID: o.UnitID, Statuses: []dossier.Status{dossier.Processing}, AwaitingApproval: true}},
			queueDef{"unassigned", "office.queue.unassigned", "", store.DossierFilter{UnitID: o.UnitID, Statuses: []dossier.Status{dossier.Received}}},
			queueDef{"overdue", "office.queue.overdue", "", store.DossierFilter{UnitID: o.UnitID, Statuses: runningStatuses, DueBefore: now}})
	}
	return qs
}

// navCount is the number beside "Làm việc" in the navigation: the dossiers
// waiting for o (held by o; for reception the online ones to receive; for
// a leader those to approve), each a capped COUNT over an index. A failed
// count leaves the number out rather than the page.
func (s *Server) navCount(ctx context.Context, o *staff.Officer) string {
	total, anyMore := 0, false
	for _, qd := range officerQueues(o, time.Time{}) {
		if !navQueues[qd.id] {
			continue
		}
		n, more, err := s.db.CountMatching(ctx, qd.filter, queueCountCap)
		if err != nil {
			s.log.WarnContext(ctx, "navigation count", "queue", qd.id, "err", err)
			return ""
		}
		total += n
		anyMore = anyMore || more
	}
	return countText(total, anyMore)
}

// navQueues are the queues navCount adds up.
var navQueues = map[string]bool{"mine": true, "online": true, "approval": true}

// countText prints a capped count: "12", or "10000+" when the cap was reached.
func countText(n int, more bool) string {
	if more {
		return strconv.Itoa(n) + "+"
	}
	return strconv.Itoa(n)
}

func (s *Server) queueRow(ctx context.Context, lang string, x *store.DossierLine, names *officerNames, now time.Time) queueRow {
	row := queueRow{
		Code: x.Code, Procedure: x.ProcedureName, Applicant: x.Applicant.DisplayName(),
		Status: statusLabel(lang, x.Status), Channel: channelLabel(lang, x.Channel),
		Assignee: names.name(ctx, x.AssigneeID), ReceivedAt: x.ReceivedAt, SubmittedAt: x.SubmittedAt,
		Appointment: x.Appointment(), Standing: standingAt(lang, x.Status, x.Appointment(), now),
	}
	if !x.NewAppointmentAt.IsZero() {
		row.Original = x.AppointmentAt
	}
	return row
}

// intersect keeps the statuses of a that are in b.
func intersect(a, b []dossier.Status) []dossier.Status {
	var out []dossier.Status
	for _, s := range a {
		if slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}
