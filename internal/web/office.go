package web

import (
	"context"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/staff"
)

// officeRoutes are the officers' workspace: counter intake, queues, the
// dossier page and its actions, approvals, documents, the dashboard.
// Routes open to any officer check the dossier's units in the handler: an
// officer of neither the receiving nor the resolving unit gets 404.
func (s *Server) officeRoutes() []route {
	reception := roles(staff.Reception)
	registerRoles := roles(staff.Reception, staff.Leader, staff.Admin)
	return []route{
		{"GET /can-bo", anyOfficer, s.workspace},
		{"GET /can-bo/tiep-nhan", reception, s.intakeForm},
		{"POST /can-bo/tiep-nhan", reception, s.intake},
		{"GET /can-bo/tiep-nhan/{code}", reception, s.intakeDone},
		{"GET /can-bo/ho-so/{code}", anyOfficer, s.dossierPage},
		{"POST /can-bo/ho-so/{code}/{action}", anyOfficer, s.dossierAction},
		{"GET /can-bo/ho-so/{code}/giay-to/{doc}", anyOfficer, s.dossierDocument},
		{"GET /can-bo/thong-ke", anyOfficer, s.dashboard},
		{"GET /can-bo/thong-ke/{file}", anyOfficer, s.dashboardExport},

		// The letter register and templates (office_letters.go), the tracking book (office_tracking.go).
		{"GET /can-bo/thu", registerRoles, s.letters},
		{"POST /can-bo/thu/{id}/in", registerRoles, s.letterPrint},
		{"POST /can-bo/thu/{id}/da-gui", registerRoles, s.letterSent},
		{"GET /can-bo/thu/mau/{kind}", anyOfficer, s.letterTemplate},
		{"POST /can-bo/thu/mau/{kind}/xem-truoc", anyOfficer, s.letterTemplatePreview},
		{"POST /can-bo/thu/mau/{kind}/luu", roles(staff.Leader, staff.Admin), s.letterTemplateSave},
		{"GET /can-bo/so-theo-doi", anyOfficer, s.tracking},
		{"GET /can-bo/tinh", anyOfficer, s.province}, // province.go: province officers only
		{"GET /can-bo/tinh/tinh.csv", anyOfficer, s.provinceCSV},
		{"GET /can-bo/so-theo-doi/{file}", anyOfficer, s.trackingDownload},

		// The national portal sync (office_sync.go).
		{"GET /can-bo/dong-bo", registerRoles, s.syncPage},
		{"POST /can-bo/dong-bo/{id}/gui-lai", registerRoles, s.syncResend},
		{"POST /can-bo/dong-bo/{id}/huy", roles(staff.Admin), s.syncDiscard},
		{"POST /can-bo/dong-bo/doi-soat", registerRoles, s.syncReconcile},
		{"GET /can-bo/dong-bo/doi-soat/{id}", registerRoles, s.reconcilePage},
		{"GET /can-bo/dong-bo/anh-xa", registerRoles, s.mappingPage},
		{"POST /can-bo/dong-bo/anh-xa", roles(staff.Admin), s.mappingSave},
		{"POST /can-bo/dong-bo/anh-xa/lay-danh-muc", roles(staff.Admin), s.mappingFetch},
	}
}

// officeFuncs are the template functions of the office area.
func officeFuncs() template.FuncMap {
	return template.FuncMap{
		// breakdownRows writes a dashboard breakdown's rows (dashboard.go).
		"breakdownRows": breakdownRowsHTML,
		// tiles and scoreRows write the dashboard's tiles and score table.
		"tiles":     tilesHTML,
		"scoreRows": scoreRowsHTML,
		// dict builds the argument of a sub-template from key, value pairs.
		"dict": func(kv ...any) map[string]any {
			m := make(map[string]any, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				if k, ok := kv[i].(string); ok {
					m[k] = kv[i+1]
				}
			}
			return m
		},
		// fid is the HTML id of the input named name ("applicant.full_name"
		// becomes "f-applicant-full_name").
		"fid": fieldID,
	}
}

func fieldID(name string) string { return "f-" + strings.ReplaceAll(name, ".", "-") }

// officerOf returns the logged-in officer; the route's guard ensured there is one.
func officerOf(r *http.Request) *staff.Officer {
	if p := middleware.PrincipalFrom(r.Context()); p != nil {
		return p.Officer
	}
	return nil
}

// dossierFor loads the dossier with code for officer o. An officer of
// neither its receiving nor its resolving unit gets the same NotFound as for
// an unknown code, so codes of other units cannot be probed.
func (s *Server) dossierFor(ctx context.Context, o *staff.Officer, code string) (*dossier.Dossier, error) {
	notFound := apperr.New(apperr.NotFound, "không tìm thấy hồ sơ %s", code)
	d, err := s.db.Dossier(ctx, code)
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	if o == nil || (o.UnitID != d.ReceivingUnitID && o.UnitID != d.ResolvingUnitID) {
		return nil, notFound
	}
	// Every opening of a citizen's dossier is recorded for them to see
	// (Decree 13/2023); one that cannot be recorded is not served.
	if err := s.db.LogPersonalAccess(ctx, d.ID, o, "web", "dossier"); err != nil {
		return nil, err
	}
	return d, nil
}

// officerNames maps officer ids to names for the units given, loading
// officers named elsewhere one by one.
type officerNames struct {
	s     *Server
	names map[string]string
}

func (s *Server) officerNames(ctx context.Context, unitIDs ...string) (*officerNames, error) {
	n := &officerNames{s: s, names: map[string]string{}}
	for _, u := range slices.Compact(slices.Sorted(slices.Values(unitIDs))) {
		names, err := s.db.OfficerNames(ctx, u)
		if err != nil {
			return nil, err
		}
		for _, o := range names {
			n.names[o.ID] = o.FullName
		}
	}
	return n, nil
}

// name returns the officer's name, "" for no id.
func (n *officerNames) name(ctx context.Context, id string) string {
	if id == "" {
		return ""
	}
	if v, ok := n.names[id]; ok {
		return v
	}
	v := id
	if o, err := n.s.db.Officer(ctx, id); err == nil {
		v = o.FullName
	}
	n.names[id] = v
	return v
}

// standing is how a dossier stands against its appointment, in words and
// as a CSS class (the colour repeats the words, never replaces them).
type standing struct {
	Key   string // overdue, due_soon, in_time, paused; "" when not pending
	Label string
}

// standingOf classifies a pending dossier at now against the appointment
// promised to the applicant (the new one after an apology). Paused
// dossiers (supplement, payment, stopped) have no running clock.
func standingOf(lang string, d *dossier.Dossier, now time.Time) standing {
	return standingAt(lang, d.Status, d.Appointment(), now)
}

// standingAt is standingOf for a dossier in status st due at appointment.
func standingAt(lang string, st dossier.Status, appointment, now time.Time) standing {
	if !st.Pending() || appointment.IsZero() {
		return standing{}
	}
	key := "paused"
	if st != dossier.Supplement && st != dossier.Stopped {
		key = string(calendar.ClassifyPending(appointment, now))
	}
	return standing{Key: key, Label: translate(lang, "office.standing."+key)}
}

// statusLabel is the status's name in lang.
func statusLabel(lang string, st dossier.Status) string {
	if lang == "en" {
		return st.LabelEN()
	}
	return st.Label()
}

// channelLabel is the channel's name in lang.
func channelLabel(lang string, c dossier.Channel) string {
	if lang == "en" {
		switch c {
		case dossier.Counter:
			return "At the counter"
		case dossier.Online:
			return "Online"
		case dossier.Post:
			return "By post"
		}
	}
	return c.Label()
}

// actionLabel is an action's name in lang.
func actionLabel(lang string, k dossier.ActionKind) string {
	return translate(lang, "office.action."+string(k))
}

// formatDateTime prints an instant as hh:mm dd/mm/yyyy in Vietnam's time, ""
// for the zero time.
func formatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vnZone).Format("15:04 02/01/2006")
}
