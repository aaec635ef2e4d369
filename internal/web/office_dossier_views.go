package web

// The pieces of an officer's dossier page: facts, components, events,
// consultations, files and documents, ready for the template.

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/docgen"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

// fact is a labelled value of the dossier page.
type fact struct {
	Label string
	Value string
	VI    bool // the value is Vietnamese text (names, addresses), whatever the page language
}

type componentView struct {
	Index        int
	Name         string
	Kind         string
	Count        int
	Digitisation string
	Digitised    bool
	FileID       string
}

type eventView struct {
	At         time.Time
	Action     string
	Actor      string
	From, To   string // statuses, "" when unchanged
	Handover   string // "from → to" officers
	StepDue    time.Time
	Details    []fact
	PublicNote bool
}

type consultationView struct {
	ID         string
	From, To   string
	Question   string
	DueAt      time.Time
	Answer     string
	AnsweredAt time.Time
	// Mine: addressed to the viewer and not yet answered.
	Mine bool
}

// fileView is an uploaded or scanned file of the dossier.
type fileView struct {
	ID        string
	Name      string
	Type      string
	Size      string
	Component int // 1-based, 0 for none
}

// formatSize prints a byte count as KB or MB.
func formatSize(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	}
	return strconv.FormatInt((n+1023)/1024, 10) + " KB"
}

type docLink struct {
	Kind  string
	Label string
	URL   string
}

// eventViewOf describes one event of the timeline in the page's language.
func eventViewOf(ctx context.Context, p *Page, e store.StoredEvent, names *officerNames) eventView {
	ev := eventView{At: e.At, Action: actionLabel(p.Lang, e.Kind), Actor: names.name(ctx, e.ActorID), StepDue: e.StepDueAt, PublicNote: e.Public}
	if ev.Actor == "" {
		ev.Actor = p.T("office.event.applicant")
		if e.Kind != dossier.ActSubmit && e.Kind != dossier.ActRate && e.Kind != dossier.ActSupplement && e.Kind != dossier.ActWithdraw {
			ev.Actor = p.T("office.event.system")
		}
	}
	if e.FromStatus != e.ToStatus {
		if e.FromStatus.Valid() {
			ev.From = statusLabel(p.Lang, e.FromStatus)
		}
		ev.To = statusLabel(p.Lang, e.ToStatus)
	}
	if e.FromOfficer != e.ToOfficer && (e.FromOfficer != "" || e.ToOfficer != "") {
		from, to := names.name(ctx, e.FromOfficer), names.name(ctx, e.ToOfficer)
		if from == "" {
			from = "—"
		}
		if to == "" {
			to = p.T("office.event.pool")
		}
		ev.Handover = from + " → " + to
	}
	if a := e.Detail; a != nil {
		if a.Reason != "" {
			ev.Details = append(ev.Details, fact{Label: p.T("office.action.field.reason"), Value: a.Reason, VI: true})
		}
		if len(a.Items) > 0 {
			ev.Details = append(ev.Details, fact{Label: p.T("office.action.field.items"), Value: strings.Join(a.Items, "; "), VI: true})
		}
		if a.Amount > 0 {
			ev.Details = append(ev.Details, fact{Label: p.T("office.action.field.amount"), Value: formatVND(a.Amount)})
		}
		if a.Method != "" {
			ev.Details = append(ev.Details, fact{Label: p.T("office.payment.method"), Value: p.T("office.payment.method." + string(a.Method))})
		}
		if !a.NewAppointment.IsZero() {
			ev.Details = append(ev.Details, fact{Label: p.T("office.dossier.new_appointment"), Value: formatDateTime(a.NewAppointment)})
		}
		if a.Kind == dossier.ActDigitise && a.Digitisation != "" {
			ev.Details = append(ev.Details, fact{Label: p.T("office.intake.component.digitisation"),
				Value: fmt.Sprintf("#%d: %s", a.Component+1, p.T("office.digitisation."+string(a.Digitisation)))})
		}
		if a.Note != "" {
			ev.Details = append(ev.Details, fact{Label: p.T("office.action.field.note"), Value: a.Note, VI: true})
		}
	}
	return ev
}

// documentLinks lists the documents that apply to the dossier now.
func (s *Server) documentLinks(ctx context.Context, p *Page, d *dossier.Dossier, proc *catalogue.Procedure) []docLink {
	var kinds []docgen.Kind
	if uxGenerated(d) {
		kinds = append(kinds, docgen.KindDeclaration)
	}
	if !d.ReceivedAt.IsZero() {
		kinds = append(kinds, docgen.KindReceipt, docgen.KindControl)
	}
	if d.Supplements > 0 {
		kinds = append(kinds, docgen.KindSupplement)
	}
	if d.Status == dossier.Refused {
		kinds = append(kinds, docgen.KindRefusal)
	}
	if !d.NewAppointmentAt.IsZero() {
		kinds = append(kinds, docgen.KindApology)
	}
	if d.Status == dossier.Returned {
		kinds = append(kinds, docgen.KindHandover)
	}
	if d.Status == dossier.Stopped {
		kinds = append(kinds, docgen.KindStop)
	}
	if proc.Letter != "" && proc.Letter != catalogue.LetterNone && (d.Status == dossier.Resolved || d.Status == dossier.Returned) {
		if ls, err := s.db.Letters(ctx, store.LetterFilter{DossierID: d.ID, Limit: 1}); err == nil && len(ls) > 0 {
			kinds = append(kinds, docgen.KindLetter)
		}
	}
	if len(proc.LawNotes) > 0 {
		kinds = append(kinds, docgen.KindLawSheet)
	}
	var out []docLink
	for _, k := range kinds {
		out = append(out, docLink{Kind: string(k), Label: p.T("office.doc." + string(k)),
			URL: "/can-bo/ho-so/" + d.Code + "/giay-to/" + string(k) + ".pdf"})
	}
	return out
}
