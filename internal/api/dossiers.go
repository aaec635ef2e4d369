package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

type intakeBody struct {
	UnitCode      string     `json:"unit_code"`
	ProcedureCode string     `json:"procedure_code"`
	Intake        IntakeView `json:"intake"`
}

// createDossier takes in a dossier: an officer's counter or postal intake,
// or, without credentials, a citizen's online submission (channel 2), which
// an Idempotency-Key header makes safe to retry.
func (a *API) createDossier(w http.ResponseWriter, r *http.Request) error {
	var in intakeBody
	if err := decode(r, &in); err != nil {
		return err
	}
	u, err := a.db.UnitByCode(r.Context(), in.UnitCode)
	if apperr.KindOf(err) == apperr.NotFound {
		return apperr.Invalidf("unit_code", "không tìm thấy đơn vị %q", in.UnitCode)
	}
	if err != nil {
		return err
	}
	req := store.IntakeRequest{UnitID: u.ID, ProcedureCode: in.ProcedureCode, Intake: in.Intake.intake()}
	if k := r.Header.Get("Idempotency-Key"); k != "" {
		req.Intake.IdempotencyKey = k
	}
	// A key is the caller's own: another caller's same key is another request.
	if p := middleware.PrincipalFrom(r.Context()); p != nil {
		req.Actor = p.Officer
		req.KeyScope = "officer:" + p.Officer.ID
	} else if req.Intake.Channel != dossier.Online {
		return apperr.New(apperr.Unauthenticated, "hồ sơ trực tiếp hoặc qua bưu chính do cán bộ tiếp nhận; công dân nộp trực tuyến (channel 2)")
	} else if in.Intake.ResolvingUnitID != "" {
		// The receiving unit's reception routes a dossier to another unit;
		// a citizen submits to one unit and it resolves it.
		return apperr.Invalidf("intake.resolving_unit_id", "chỉ cán bộ tiếp nhận mới chọn đơn vị giải quyết; hồ sơ nộp trực tuyến do đơn vị nhận hồ sơ giải quyết")
	} else {
		// What only an officer may state is not taken from a citizen: the
		// digitisation of components (it counts in the indicators) and an
		// exemption from fees.
		req.ClientKey = middleware.ClientIP(r)
		req.KeyScope = "client:" + req.ClientKey
		req.Intake.Exemption = ""
		for i := range req.Intake.Components {
			req.Intake.Components[i].Digitisation, req.Intake.Components[i].FileID = "", ""
		}
	}
	d, err := a.db.Intake(r.Context(), req)
	if err != nil {
		return err
	}
	if req.Actor == nil {
		// The citizen sees their dossier, not the officers' working fields.
		return writeJSON(w, http.StatusCreated, publicView(d, nil))
	}
	return writeJSON(w, http.StatusCreated, NewDossierView(d))
}

// officerDossier loads a dossier the calling officer's unit receives or resolves.
func (a *API) officerDossier(ctx context.Context, code string) (*dossier.Dossier, *staff.Officer, error) {
	o := middleware.PrincipalFrom(ctx).Officer
	d, err := a.db.Dossier(ctx, code)
	if err != nil {
		return nil, nil, err
	}
	if d.ReceivingUnitID != o.UnitID && d.ResolvingUnitID != o.UnitID {
		// Not found rather than forbidden: codes of other units are not confirmed.
		return nil, nil, apperr.New(apperr.NotFound, "không tìm thấy hồ sơ %s", code)
	}
	// Every read of a citizen's dossier is recorded for them to see
	// (Decree 13/2023); a read that cannot be recorded is not served.
	if err := a.db.LogPersonalAccess(ctx, d.ID, o, "api", "dossier"); err != nil {
		return nil, nil, err
	}
	return d, o, nil
}

func (a *API) getDossier(w http.ResponseWriter, r *http.Request) error {
	d, o, err := a.officerDossier(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, maskFor(d, o))
}

// maskFor hides the applicant's identification number from every officer
// but the reception of the receiving unit, who checks it against the ID
// card; the dossier page applies the same rule.
func maskFor(d *dossier.Dossier, o *staff.Officer) DossierView {
	v := NewDossierView(d)
	if d.SeesFullID(o) {
		return v
	}
	v.Applicant.IDNumber = dossier.MaskID(v.Applicant.IDNumber)
	if v.Submitter != nil {
		v.Submitter.IDNumber = dossier.MaskID(v.Submitter.IDNumber)
	}
	return v
}

// seesFullID reports whether o is reception at d's receiving unit, the one
// reader of the full identification number (pages, JSON and documents alike).

func (a *API) dossierEvents(w http.ResponseWriter, r *http.Request) error {
	d, _, err := a.officerDossier(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	events, err := a.db.Events(r.Context(), d.ID)
	if err != nil {
		return err
	}
	views := make([]EventView, len(events))
	for i, e := range events {
		views[i] = NewEventView(e)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"events": views})
}

func (a *API) actOnDossier(w http.ResponseWriter, r *http.Request) error {
	d, o, err := a.officerDossier(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	var act ActionView
	if err := decode(r, &act); err != nil {
		return err
	}
	d, err = a.db.Act(r.Context(), d.Code, act.action(), o)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, maskFor(d, o))
}

// listDossiers serves the queues of the caller's unit. queue=mine (assigned
// to me), due_soon, overdue, approval (proposed to the leaders), return
// (resolved, to hand over); status=N[,N]; field=CODE; q=words (a search:
// the newest first). A full page of a list carries "next", the cursor to
// pass as after= for the page that follows; offset= still skips dossiers
// (it reads and sorts what it skips), the only paging of a search, and
// cannot be combined with after.
func (a *API) listDossiers(w http.ResponseWriter, r *http.Request) error {
	o := middleware.PrincipalFrom(r.Context()).Officer
	q := r.URL.Query()
	f := store.DossierFilter{UnitID: o.UnitID, FieldCode: q.Get("field"), Query: q.Get("q")}
	if textfold.Fold(f.Query) != "" {
		f.Order, f.Desc = store.OrderCreated, true // a search: the newest first
	}
	for _, s := range strings.Split(q.Get("status"), ",") {
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || !dossier.Status(n).Valid() {
			return apperr.Invalidf("status", "trạng thái %q không hợp lệ (1 đến 10)", s)
		}
		f.Statuses = append(f.Statuses, dossier.Status(n))
	}
	pending := []dossier.Status{dossier.Received, dossier.Processing, dossier.Supplement, dossier.AwaitingPayment}
	now := a.now()
	switch q.Get("queue") {
	case "":
	case "mine":
		f.AssigneeID = o.ID
		if len(f.Statuses) == 0 {
			f.Statuses = pending
		}
	case "due_soon":
		f.Statuses, f.DueBefore = pending, now.Add(calendar.DueSoonWindow)
	case "overdue":
		f.Statuses, f.DueBefore = pending, now
	case "approval":
		f.AwaitingApproval = true
	case "return":
		f.Statuses = []dossier.Status{dossier.Resolved}
	default:
		return apperr.Invalidf("queue", "hàng đợi %q không tồn tại (mine, due_soon, overdue, approval, return)", q.Get("queue"))
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return apperr.Invalidf("limit", "limit phải từ 1 đến 1000")
		}
		f.Limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return apperr.Invalidf("offset", "offset không hợp lệ")
		}
		f.Offset = n
	}
	var list []*dossier.Dossier
	var next string
	var err error
	after, search := q.Get("after"), textfold.Fold(f.Query) != ""
	switch {
	case search && after != "":
		return apperr.Invalidf("after", "kết quả tìm kiếm không phân trang bằng con trỏ after: dùng offset")
	case search || f.Offset > 0 && after == "":
		// a search reads the unit's newest dossiers first (store.Dossiers)
		list, err = a.db.Dossiers(r.Context(), f)
	default:
		// by keyset: the next page starts after this one's last dossier
		list, next, err = a.db.DossierPage(r.Context(), f, after)
	}
	if err != nil {
		return err
	}
	views := make([]DossierView, len(list))
	for i, d := range list {
		views[i] = maskFor(d, o)
	}
	out := map[string]any{"dossiers": views}
	if next != "" {
		out["next"] = next
	}
	return writeJSON(w, http.StatusOK, out)
}

// PublicDossier is what the applicant sees: no officers, a masked ID.
type PublicDossier struct {
	Code         string               `json:"code"`
	Procedure    string               `json:"procedure"`
	Applicant    string               `json:"applicant"`
	IDNumber     string               `json:"id_number,omitempty"`
	Channel      dossier.Channel      `json:"channel"`
	Status       dossier.Status       `json:"status"`
	StatusLabel  string               `json:"status_label"`
	SubmittedAt  time.Time            `json:"submitted_at,omitzero"`
	ReceivedAt   time.Time            `json:"received_at,omitzero"`
	Appointment  time.Time            `json:"appointment,omitzero"`
	ReturnedAt   time.Time            `json:"returned_at,omitzero"`
	Fee          int64                `json:"fee"`
	PaymentState dossier.PaymentState `json:"payment_state"`
	Rating       dossier.Rating       `json:"rating,omitempty"`
	Timeline     []PublicEvent        `json:"timeline,omitempty"`
}

// PublicEvent is one step of the public timeline.
type PublicEvent struct {
	At     time.Time          `json:"at"`
	Kind   dossier.ActionKind `json:"kind"`
	Status dossier.Status     `json:"status"`
	Label  string             `json:"label"`
	Note   string             `json:"note,omitempty"`
}

func publicView(d *dossier.Dossier, events []store.StoredEvent) PublicDossier {
	p := PublicDossier{Code: d.Code, Procedure: d.ProcedureName, Applicant: d.Applicant.DisplayName(),
		IDNumber: dossier.MaskID(d.Applicant.IDNumber), Channel: d.Channel, Status: d.Status, StatusLabel: d.Status.Label(),
		SubmittedAt: d.SubmittedAt, ReceivedAt: d.ReceivedAt, Appointment: d.Appointment(), ReturnedAt: d.ReturnedAt,
		Fee: d.Payment.Due, PaymentState: d.Payment.State, Rating: d.Rating}
	for _, e := range events {
		pe := PublicEvent{At: e.At, Kind: e.Kind, Status: e.ToStatus, Label: e.ToStatus.Label()}
		if e.Detail != nil && (e.Kind == dossier.ActRefuse || e.Kind == dossier.ActRequestSupplement) {
			pe.Note = e.Detail.Reason
			if len(e.Detail.Items) > 0 {
				pe.Note += ": " + strings.Join(e.Detail.Items, "; ")
			}
		}
		p.Timeline = append(p.Timeline, pe)
	}
	return p
}

// lookup is the public status lookup: the code and the last four digits of
// the applicant's phone or ID number.
func (a *API) lookup(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d, events, err := a.db.LookupGuarded(r.Context(), q.Get("code"), q.Get("last4"), middleware.ClientIP(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, publicView(d, events))
}

type ratingBody struct {
	Last4     string `json:"last4"`
	Rating    string `json:"rating"`
	Complaint string `json:"complaint,omitempty"`
}

// rate records the applicant's rating of a returned dossier, once.
func (a *API) rate(w http.ResponseWriter, r *http.Request) error {
	var in ratingBody
	if err := decode(r, &in); err != nil {
		return err
	}
	d, _, err := a.db.LookupGuarded(r.Context(), r.PathValue("code"), in.Last4, middleware.ClientIP(r))
	if err != nil {
		return err
	}
	d, err = a.db.Act(r.Context(), d.Code, dossier.Action{Kind: dossier.ActRate, Rating: dossier.Rating(in.Rating), Complaint: in.Complaint}, nil)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, publicView(d, nil))
}
