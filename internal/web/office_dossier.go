package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

type dossierData struct {
	D             *dossier.Dossier
	Status        string
	Standing      standing
	Applicant     []fact
	Facts         []fact
	Declaration   []fact
	Components    []componentView
	Payment       []fact
	FeeReceipt    string // the order reference of the paid payment's receipt, if any
	Events        []eventView
	Consultations []consultationView
	Docs          []docLink
	Files         []fileView
	// Can says which actions the viewer may take now (by action kind).
	Can map[string]bool
	// Specialists of the resolving unit, for assign and add_coordinator;
	// Colleagues, for consult (the officer excluded).
	Specialists []choice
	Colleagues  []choice
	Digitise    []choice
	Methods     []choice
	Apology     []fact
	// Failed is the action whose form came back with errors, FailedForm what
	// was typed in it, Errors its messages by field ("" for the form).
	Failed     string
	FailedForm url.Values
	Errors     map[string]string
	// Sync is the dossier's national portal sync (office_sync.go).
	Sync *syncView
	// Primary is the action expected now, Others how many more are allowed,
	// ShowAll whether they start shown (ux_next.go).
	Primary string
	Others  int
	ShowAll bool
	// Papers are its digitised papers and signed documents (files.go).
	Papers *papersView
	// Result is its result paper (results.go).
	Result *resultView
	// Notices is what the applicant was told (office_notify.go).
	Notices []deliveryRow
	// TransferTo lists the units the officer may send the dossier to (units_transfer.go).
	TransferTo []choice
	// Supplements are the papers the applicant sent online (ux_supplement.go).
	Supplements []supplementView
}

// Err returns the message for field of the form of action, if that form failed.
func (d *dossierData) Err(action, field string) string {
	if d.Failed != action {
		return ""
	}
	return d.Errors[field]
}

// Val returns what was typed in field of the form of action, if that form failed.
func (d *dossierData) Val(action, field string) string {
	if d.Failed != action {
		return ""
	}
	return d.FailedForm.Get(field)
}

// dossierPage shows one dossier to an officer of its receiving or resolving
// unit: its data (the ID number masked except for reception), components,
// payment, appointment, the timeline with who and when, consultations,
// documents, and a form for each action the officer may take now.
func (s *Server) dossierPage(w http.ResponseWriter, r *http.Request) error {
	o := officerOf(r)
	d, err := s.dossierFor(r.Context(), o, r.PathValue("code"))
	if err != nil {
		return err
	}
	return s.renderDossier(w, r, o, d, http.StatusOK, nil)
}

// renderDossier renders the dossier page; failed, when not nil, is the
// action form that came back with errors.
func (s *Server) renderDossier(w http.ResponseWriter, r *http.Request, o *staff.Officer, d *dossier.Dossier, status int, failed *dossierData) error {
	ctx := r.Context()
	p := s.newPage(w, r, "")
	p.Title = p.T("office.dossier.title", d.Code)
	p.Nav = "workspace"
	lang := p.Lang
	now := s.db.Now()
	names, err := s.officerNames(ctx, d.ReceivingUnitID, d.ResolvingUnitID)
	if err != nil {
		return err
	}
	pv, err := s.db.ProcedureVersionOf(ctx, d.ProcedureID, d.ProcedureVer)
	if err != nil {
		return err
	}
	// Which lists the dossier has, with its unit's calendar revision and
	// its portal code, in one statement: the page reads only those lists.
	sides, err := s.db.DossierSides(ctx, d.ID, d.ResolvingUnitID)
	if err != nil {
		return err
	}
	if s.opt.checkSides {
		if err := s.db.CheckSides(ctx, d.ID, sides); err != nil {
			return err
		}
	}
	cal, err := s.db.CalendarAt(ctx, d.ResolvingUnitID, sides.CalendarRev)
	if err != nil {
		return err
	}
	v := &dossierData{D: d, Status: statusLabel(lang, d.Status), Standing: standingOf(lang, d, now), Can: map[string]bool{}}
	if failed != nil {
		v.Failed, v.FailedForm, v.Errors = failed.Failed, failed.FailedForm, failed.Errors
	}
	if v.Sync, err = s.dossierSync(ctx, d, sides); err != nil {
		return err
	}
	if v.Papers, err = s.dossierPapers(ctx, o, d, sides); err != nil {
		return err
	}
	if v.Notices, err = s.dossierNotices(ctx, d, sides); err != nil {
		return err
	}
	if v.TransferTo, err = s.transferChoices(ctx, o, d); err != nil {
		return err
	}

	// Who the applicant is. Only reception, who checks identities at the
	// counter, sees the whole ID number.
	a := d.Applicant
	id := dossier.MaskID(a.IDNumber)
	if d.SeesFullID(o) {
		id = a.IDNumber
	}
	add := func(list *[]fact, key, value string, vi bool) {
		if strings.TrimSpace(value) != "" {
			*list = append(*list, fact{Label: p.T("office." + key), Value: value, VI: vi})
		}
	}
	if a.Kind == dossier.Organisation {
		add(&v.Applicant, "applicant.org_name", a.OrgName, true)
		add(&v.Applicant, "applicant.tax_code", a.TaxCode, false)
	}
	add(&v.Applicant, "applicant.full_name", a.FullName, true)
	add(&v.Applicant, "applicant.id_number", id, false)
	if a.BirthDate != "" {
		if t, err := time.Parse("2006-01-02", a.BirthDate); err == nil {
			add(&v.Applicant, "applicant.birth_date", t.Format("02/01/2006"), false)
		}
	}
	add(&v.Applicant, "applicant.phone", a.Phone, false)
	add(&v.Applicant, "applicant.email", a.Email, false)
	add(&v.Applicant, "applicant.address", a.Address, true)
	if sub := d.Submitter; sub != nil {
		add(&v.Applicant, "dossier.submitter", sub.FullName, true)
	}

	add(&v.Facts, "dossier.procedure", d.ProcedureName+" ("+d.ProcedureCode+")", true)
	add(&v.Facts, "dossier.channel", channelLabel(lang, d.Channel), false)
	if d.Assisted() {
		add(&v.Facts, "dossier.assisted_by", names.name(ctx, d.AssistedBy), true)
	}
	add(&v.Facts, "dossier.request", d.Request, true)
	add(&v.Facts, "dossier.sets", strconv.Itoa(max(d.Sets, 1)), false)
	add(&v.Facts, "dossier.submitted", formatDateTime(d.SubmittedAt), false)
	add(&v.Facts, "dossier.received", formatDateTime(d.ReceivedAt), false)
	add(&v.Facts, "dossier.limit", d.Limit.String(), true)
	if !d.NewAppointmentAt.IsZero() {
		add(&v.Facts, "dossier.original_appointment", formatDateTime(d.AppointmentAt), false)
		add(&v.Facts, "dossier.new_appointment", formatDateTime(d.NewAppointmentAt), false)
	} else {
		add(&v.Facts, "dossier.appointment", formatDateTime(d.AppointmentAt), false)
	}
	if d.Status.Pending() {
		add(&v.Facts, "dossier.step_due", formatDateTime(d.StepDueAt), false)
	}
	add(&v.Facts, "dossier.ended", formatDateTime(d.EndedAt), false)
	add(&v.Facts, "dossier.returned", formatDateTime(d.ReturnedAt), false)
	add(&v.Facts, "dossier.assignee", names.name(ctx, d.AssigneeID), true)
	add(&v.Facts, "dossier.lead", names.name(ctx, d.LeadID), true)
	var coords []string
	for _, c := range d.Coordinators {
		coords = append(coords, names.name(ctx, c))
	}
	add(&v.Facts, "dossier.coordinators", strings.Join(coords, ", "), true)
	if d.Rating != "" {
		add(&v.Facts, "dossier.rating", p.T("rating."+string(d.Rating)), false)
	}
	add(&v.Facts, "dossier.complaint", d.Complaint, true)
	if err := s.uxReturnFact(ctx, p, d, sides, &v.Facts); err != nil {
		return err
	}
	if ap := d.Apology; ap != nil {
		add(&v.Apology, "apology.new_appointment", formatDateTime(ap.NewAppointmentAt), false)
		add(&v.Apology, "apology.reason", ap.Reason, true)
		add(&v.Apology, "apology.drafted_by", names.name(ctx, ap.DraftedBy)+", "+formatDateTime(ap.DraftedAt), true)
	}

	if f := pv.Procedure.Form; f != nil {
		v.Declaration = uxDeclarationFacts(lang, f, d)
	}
	for _, k := range dossier.DeclarationFor(pv.Procedure.Letter) {
		if pv.Procedure.Form != nil {
			break // the form's answers, above
		}
		val := d.Declaration[k]
		if val == "" {
			continue
		}
		dk := dossier.DeclarationKeys[k]
		if dk.Date {
			if t, err := time.Parse("2006-01-02", val); err == nil {
				val = t.Format("02/01/2006")
			}
		}
		label := dk.Label
		if lang == "en" {
			label = dk.LabelEN
		}
		v.Declaration = append(v.Declaration, fact{Label: label, Value: val, VI: !dk.Date})
	}

	var files []store.File
	if sides.Files {
		if files, err = s.db.DossierFiles(ctx, d.ID); err != nil {
			return err
		}
	}
	for _, f := range files {
		if f.Component < 0 {
			continue // an online supplement's: listed with it
		}
		v.Files = append(v.Files, fileView{ID: f.ID, Name: f.Name, Type: f.ContentType, Size: formatSize(f.Size), Component: f.Component + 1})
	}
	for i, c := range d.Components {
		if c.FileID == "" {
			for _, f := range files {
				if f.Component == i {
					c.FileID = f.ID
					break
				}
			}
		}
		v.Components = append(v.Components, componentView{Index: i, Name: c.Name, Kind: string(c.Kind), Count: c.Count,
			Digitisation: p.T("office.digitisation." + string(orNone(c.Digitisation))), Digitised: orNone(c.Digitisation) != dossier.NotDigitised,
			FileID: c.FileID})
	}

	pay := d.Payment
	add(&v.Payment, "payment.due", formatVND(pay.Due), false)
	add(&v.Payment, "payment.exemption", pay.Exemption, true)
	switch {
	case !pay.FeeBearing():
		add(&v.Payment, "payment.state", p.T("payment.state.none"), false)
	case pay.State != "":
		add(&v.Payment, "payment.state", p.T("payment.state."+string(pay.State)), false)
	}
	if pay.Method != "" {
		add(&v.Payment, "payment.method", p.T("office.payment.method."+string(pay.Method)), false)
	}
	add(&v.Payment, "payment.receipt", pay.Receipt, false)
	add(&v.Payment, "payment.paid_at", formatDateTime(pay.PaidAt), false)
	if v.FeeReceipt, err = s.feeReceipt(ctx, d); err != nil {
		return err
	}

	events, err := s.db.Events(ctx, d.ID)
	if err != nil {
		return err
	}
	for _, e := range events {
		v.Events = append(v.Events, eventViewOf(ctx, p, e, names))
	}
	if v.Supplements, err = s.supplementViews(ctx, d, sides, events); err != nil {
		return err
	}

	var consults []store.Consultation
	if sides.Consultations {
		if consults, err = s.db.Consultations(ctx, d.ID); err != nil {
			return err
		}
	}
	for _, c := range consults {
		v.Consultations = append(v.Consultations, consultationView{ID: c.ID, From: names.name(ctx, c.FromOfficer),
			To: names.name(ctx, c.ToOfficer), Question: c.Question, DueAt: c.DueAt, Answer: c.Answer, AnsweredAt: c.AnsweredAt,
			Mine: c.ToOfficer == o.ID && c.AnsweredAt.IsZero()})
	}

	v.Docs = s.documentLinks(ctx, p, d, &pv.Procedure)

	// The actions: those the domain lets this officer take now.
	env := dossier.Env{Actor: o, Now: now, Cal: cal, Proc: &pv.Procedure}
	for _, k := range dossier.Allowed(d, env) {
		v.Can[string(k)] = true
	}
	if v.Result, err = s.dossierResult(ctx, o, d, sides, env, names); err != nil {
		return err
	}
	if v.Can[string(dossier.ActAnswer)] && !slices.ContainsFunc(v.Consultations, func(c consultationView) bool { return c.Mine }) {
		delete(v.Can, string(dossier.ActAnswer))
	}
	uxNextStep(v)
	if v.Can[string(dossier.ActAssign)] || v.Can[string(dossier.ActAddCoordinator)] || v.Can[string(dossier.ActConsult)] {
		active := true
		unitStaff, err := s.db.Officers(ctx, store.OfficerFilter{UnitID: d.ResolvingUnitID, Active: &active})
		if err != nil {
			return err
		}
		fieldNames, err := s.uxFieldNamer(ctx, lang)
		if err != nil {
			return err
		}
		for _, x := range unitStaff {
			label := x.FullName
			if len(x.Fields) > 0 {
				label += " (" + strings.Join(fieldNames(x.Fields), ", ") + ")"
			}
			if x.Has(staff.Specialist) {
				v.Specialists = append(v.Specialists, choice{x.ID, label})
			}
			if x.ID != o.ID {
				v.Colleagues = append(v.Colleagues, choice{x.ID, label})
			}
		}
	}
	for _, x := range []dossier.Digitisation{dossier.NotDigitised, dossier.Digitised, dossier.ReusedStore, dossier.ReusedResult} {
		v.Digitise = append(v.Digitise, choice{string(x), p.T("office.digitisation." + string(x))})
	}
	for _, m := range []dossier.PaymentMethod{dossier.Cash, dossier.Transfer, dossier.OnlinePay} {
		v.Methods = append(v.Methods, choice{string(m), p.T("office.payment.method." + string(m))})
	}
	p.Data = v
	return s.render(w, status, "dossier", p)
}

func orNone(d dossier.Digitisation) dossier.Digitisation {
	if d == "" {
		return dossier.NotDigitised
	}
	return d
}
