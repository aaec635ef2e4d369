package web

import (
	"context"
	"net/http"
	"slices"
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
}

type workspaceData struct {
	Queues []queue
	// Desc is true when the lists are sorted latest appointment first.
	Desc      bool
	SortURL   string // the link that reverses the order
	Reception bool
	Now       time.Time
	// Letters is the letter register's link and outstanding counts
	// (office_letters.go), nil for officers who cannot open it.
	Letters *letterCounts
	// FieldNames names the officer's fields (ux_fields.go).
	FieldNames []string
}

// pendingStatuses are the statuses of a dossier someone must work on.
var pendingStatuses = []dossier.Status{dossier.Received, dossier.Processing, dossier.Supplement, dossier.AwaitingPayment, dossier.Stopped}

// workspace is the officer's home: the dossiers this officer holds, and by
// role the online dossiers waiting for reception, the results to hand over,
// the approvals waiting for a leader and the unit's overdue dossiers. Due-soon
// and overdue dossiers say so in words. ?sort=-appointment puts the latest
// appointment first.
func (s *Server) workspace(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o := officerOf(r)
	p := s.newPage(w, r, "")
	p.Title = p.T("workspace.title")
	p.Nav = "workspace"
	now := s.db.Now()
	d := workspaceData{Desc: r.URL.Query().Get("sort") == "-appointment", Reception: o.Has(staff.Reception), Now: now}
	d.SortURL = "/can-bo?sort=-appointment"
	if d.Desc {
		d.SortURL = "/can-bo?sort=appointment"
	}
	names, err := s.officerNames(ctx, o.UnitID)
	if err != nil {
		return err
	}
	add := func(id, title, hint string, f store.DossierFilter) error {
		f.Limit = 200
		list, err := s.db.Dossiers(ctx, f)
		if err != nil {
			return err
		}
		q := queue{ID: id, Title: p.T(title), Hint: hint}
		for _, x := range list {
			q.Rows = append(q.Rows, s.queueRow(ctx, p.Lang, x, names, now))
		}
		sortByAppointment(q.Rows, d.Desc)
		d.Queues = append(d.Queues, q)
		return nil
	}
	if err := add("mine", "office.queue.mine", "", store.DossierFilter{AssigneeID: o.ID, Statuses: pendingStatuses}); err != nil {
		return err
	}
	if o.Has(staff.Reception) {
		if err := add("online", "office.queue.online", p.T("office.queue.online.hint"), store.DossierFilter{UnitID: o.UnitID, Statuses: []dossier.Status{dossier.New}}); err != nil {
			return err
		}
		if err := add("handover", "office.queue.handover", "", store.DossierFilter{UnitID: o.UnitID, Statuses: []dossier.Status{dossier.Resolved}}); err != nil {
			return err
		}
	}
	if o.Has(staff.Leader) {
		if err := add("approval", "office.queue.approval", "", store.DossierFilter{UnitID: o.UnitID, AwaitingApproval: true}); err != nil {
			return err
		}
		if err := add("unassigned", "office.queue.unassigned", "", store.DossierFilter{UnitID: o.UnitID, Statuses: []dossier.Status{dossier.Received}}); err != nil {
			return err
		}
		if err := add("overdue", "office.queue.overdue", "", store.DossierFilter{UnitID: o.UnitID,
			Statuses: []dossier.Status{dossier.Received, dossier.Processing, dossier.AwaitingPayment}, DueBefore: now}); err != nil {
			return err
		}
	}
	if d.Letters, err = s.workspaceLetters(ctx, o); err != nil {
		return err
	}
	if d.FieldNames, err = s.uxFieldNames(ctx, p.Lang, o.Fields); err != nil {
		return err
	}
	p.Data = d
	return s.render(w, http.StatusOK, "workspace", p)
}

func (s *Server) queueRow(ctx context.Context, lang string, x *dossier.Dossier, names *officerNames, now time.Time) queueRow {
	row := queueRow{
		Code: x.Code, Procedure: x.ProcedureName, Applicant: x.Applicant.DisplayName(),
		Status: statusLabel(lang, x.Status), Channel: channelLabel(lang, x.Channel),
		Assignee: names.name(ctx, x.AssigneeID), ReceivedAt: x.ReceivedAt, SubmittedAt: x.SubmittedAt,
		Appointment: x.Appointment(), Standing: standingOf(lang, x, now),
	}
	if !x.NewAppointmentAt.IsZero() {
		row.Original = x.AppointmentAt
	}
	return row
}

// sortByAppointment orders rows by the appointment promised (the new one
// after an apology), earliest first or, with desc, latest first; rows
// without an appointment come last either way.
func sortByAppointment(rows []queueRow, desc bool) {
	slices.SortStableFunc(rows, func(a, b queueRow) int {
		switch {
		case a.Appointment.IsZero() && b.Appointment.IsZero():
			return 0
		case a.Appointment.IsZero():
			return 1
		case b.Appointment.IsZero():
			return -1
		}
		if desc {
			return b.Appointment.Compare(a.Appointment)
		}
		return a.Appointment.Compare(b.Appointment)
	})
}
