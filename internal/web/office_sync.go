package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

// The national portal sync, as officers see it: the sync page of the unit
// (/can-bo/dong-bo: backlog, oldest pending age, failures by cause, the
// failed messages with resend and, for administrators, discard), and the
// sync state on each dossier page (the "dossier-sync" partial).

type syncCause struct {
	Cause string
	N     int
}

type syncMessage struct {
	ID, Code, LastError string
	Seq, Attempts       int
	QueuedAt            time.Time
}

type syncData struct {
	Pending, Failed, Sent int
	Oldest                string // age of the oldest unsent message, "" when none
	Causes                []syncCause
	Messages              []syncMessage
	CanDiscard            bool
	// Refused are the latest deliveries from the portal motcua refused for
	// this unit (or, when their unit is unknown, for everyone).
	Refused []store.PortalRejection
	// Reconcile is the reconciliation form and the latest runs.
	Reconcile reconcileData
}

// syncPage shows the unit's portal sync.
func (s *Server) syncPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o := officerOf(r)
	st, err := s.db.OutboxSummary(ctx, store.TopicPortal, o.UnitID)
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "")
	p.Title = p.T("office.sync.title")
	p.Nav = "workspace"
	d := syncData{Pending: st.Pending, Failed: st.Failed, Sent: st.Sent, CanDiscard: o.Has(staff.Admin)}
	if !st.OldestQueued.IsZero() {
		d.Oldest = ageText(p.Lang, s.db.Now().Sub(st.OldestQueued))
	}
	for c, n := range st.FailuresByCause {
		d.Causes = append(d.Causes, syncCause{c, n})
	}
	sort.Slice(d.Causes, func(i, j int) bool { return d.Causes[i].N > d.Causes[j].N })
	failed, err := s.db.OutboxMessages(ctx, store.OutboxFilter{Topic: store.TopicPortal, UnitID: o.UnitID,
		States: []store.OutboxState{store.OutboxFailed}, Limit: 200})
	if err != nil {
		return err
	}
	for _, m := range failed {
		d.Messages = append(d.Messages, syncMessage{ID: m.ID, Code: dossierCodeOf(m), LastError: m.LastError,
			Seq: m.Seq, Attempts: m.Attempts, QueuedAt: m.QueuedAt})
	}
	if d.Refused, err = s.refusedFromPortal(ctx, o.UnitID); err != nil {
		return err
	}
	if d.Reconcile, err = s.reconcileData(r, o.UnitID); err != nil {
		return err
	}
	p.Data = d
	return s.render(w, http.StatusOK, "office_sync", p)
}

// refusedFromPortal lists what the portal sent for the unit, or with no
// unit we know of (a wrong secret, malformed JSON), that motcua refused.
func (s *Server) refusedFromPortal(ctx context.Context, unitID string) ([]store.PortalRejection, error) {
	u, err := s.db.Unit(ctx, unitID)
	if err != nil {
		return nil, err
	}
	mine, err := s.db.PortalRejections(ctx, u.Code, 50)
	if err != nil {
		return nil, err
	}
	unknown, err := s.db.PortalRejections(ctx, "", 200)
	if err != nil {
		return nil, err
	}
	for _, r := range unknown {
		if r.UnitCode == "" && len(mine) < 100 {
			mine = append(mine, r)
		}
	}
	sort.SliceStable(mine, func(i, j int) bool { return mine[i].ReceivedAt.After(mine[j].ReceivedAt) })
	return mine, nil
}

func dossierCodeOf(m *store.OutboxMessage) string {
	var ch struct {
		Dossier struct {
			Code string `json:"code"`
		} `json:"dossier"`
	}
	json.Unmarshal(m.Payload, &ch)
	return ch.Dossier.Code
}

// ageText says how long ago, in hours and minutes.
func ageText(lang string, d time.Duration) string {
	d = max(d, 0).Round(time.Minute)
	h, m := int(d.Hours()), int(d.Minutes())%60
	if h >= 48 {
		return translate(lang, "office.sync.days", h/24)
	}
	return translate(lang, "office.sync.hm", h, m)
}

// syncMessageOf returns a message of the officer's unit.
func (s *Server) syncMessageOf(ctx context.Context, o *staff.Officer, id string) (*store.OutboxMessage, error) {
	m, err := s.db.OutboxMessageByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if m.UnitID != o.UnitID {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy tin %s", id)
	}
	return m, nil
}

// syncResend queues a failed message again.
func (s *Server) syncResend(w http.ResponseWriter, r *http.Request) error {
	o := officerOf(r)
	m, err := s.syncMessageOf(r.Context(), o, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.db.ResendOutbox(r.Context(), m.ID, o.ID); err != nil {
		return err
	}
	s.flash(w, translate(languageOf(w, r), "office.sync.resent", dossierCodeOf(m)))
	http.Redirect(w, r, "/can-bo/dong-bo", http.StatusSeeOther)
	return nil
}

// syncDiscard gives up on a failed message, with a reason (administrators).
func (s *Server) syncDiscard(w http.ResponseWriter, r *http.Request) error {
	o := officerOf(r)
	m, err := s.syncMessageOf(r.Context(), o, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.db.DiscardOutbox(r.Context(), m.ID, o.ID, r.PostFormValue("reason")); err != nil {
		return err
	}
	s.flash(w, translate(languageOf(w, r), "office.sync.discarded", dossierCodeOf(m)))
	http.Redirect(w, r, "/can-bo/dong-bo", http.StatusSeeOther)
	return nil
}

// syncView is a dossier's sync state on its page.
type syncView struct {
	State     string // synced, pending, failed, none
	SentAt    time.Time
	LastError string
	Pending   int
	// PortalCode is the portal's code of a dossier submitted there.
	PortalCode string
}

// dossierSync reads a dossier's portal messages, if it has any.
func (s *Server) dossierSync(ctx context.Context, d *dossier.Dossier, sides store.DossierSides) (*syncView, error) {
	v := &syncView{State: "none", PortalCode: sides.PortalCode}
	if !sides.PortalMessages {
		return v, nil
	}
	ms, err := s.db.OutboxMessages(ctx, store.OutboxFilter{Topic: store.TopicPortal, Key: d.ID, Limit: 1000})
	if err != nil {
		return nil, fmt.Errorf("sync state of %s: %w", d.Code, err)
	}
	for _, m := range ms {
		switch m.State {
		case store.OutboxSent:
			if m.SentAt.After(v.SentAt) {
				v.SentAt = m.SentAt
			}
		case store.OutboxFailed:
			v.State, v.LastError = "failed", m.LastError
		case store.OutboxQueued, store.OutboxSending:
			v.Pending++
			if v.LastError == "" {
				v.LastError = m.LastError
			}
		}
	}
	switch {
	case v.State == "failed":
	case v.Pending > 0:
		v.State = "pending"
	case !v.SentAt.IsZero():
		v.State = "synced"
	}
	return v, nil
}
