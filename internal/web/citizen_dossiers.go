package web

// "Hồ sơ của tôi": the signed-in citizen's own dossiers, whatever channel
// they came by, found by the personal number (or an organisation's tax
// code) they were filed under. Another person's dossier is never shown: the
// store's queries carry the number, and an unknown code and someone else's
// answer the same 404.

import (
	"bytes"
	"net/http"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/docgen"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// citizenRoutes are the citizen's pages (citizen.go, citizen_dossiers.go).
func (s *Server) citizenRoutes() []route {
	return []route{
		{"GET " + citizenSignIn, anyone, s.citizenSignInStart},
		{"GET " + citizenCallback, anyone, s.citizenSignInCallback},
		{"POST /ca-nhan/dang-xuat", aCitizen, s.citizenSignOut},
		{"GET /ca-nhan/ho-so", aCitizen, s.citizenDossiers},
		{"GET /ca-nhan/ho-so/{code}", aCitizen, s.citizenDossier},
		{"GET /ca-nhan/ho-so/{code}/giay-to/{doc}", aCitizen, s.citizenDocument},
		{"POST /ca-nhan/ho-so/{code}/danh-gia", aCitizen, s.citizenRate},
		{"GET /ca-nhan/dong-y", aCitizen, s.citizenConsentForm},
		{"POST /ca-nhan/dong-y", aCitizen, s.citizenConsentSave},
	}
}

// citizenDocs are the documents a citizen may download from their
// dossier, each once it applies.
var citizenDocs = []docgen.Kind{docgen.KindDeclaration, docgen.KindReceipt, docgen.KindSupplement, docgen.KindRefusal, docgen.KindApology, docgen.KindStop, docgen.KindLawSheet}

type citizenListData struct {
	Rows  []citizenRow
	State string
	Query string
	More  bool
}

type citizenRow struct {
	D           *dossier.Dossier
	Status      string
	Channel     string
	Appointment time.Time
}

// citizenDossiers lists the citizen's dossiers, filtered by state and
// searched by code or procedure (folding diacritics).
func (s *Server) citizenDossiers(w http.ResponseWriter, r *http.Request) error {
	cs := citizenOf(r)
	p := s.newPage(w, r, "")
	p.Title = p.T("mine.title")
	p.Nav = "mine"
	q := r.URL.Query()
	f := store.CitizenFilter{State: q.Get("trang-thai"), Query: textfold.NFC(strings.TrimSpace(q.Get("q"))), Limit: 101}
	if f.State != "open" && f.State != "done" {
		f.State = ""
	}
	if len([]rune(f.Query)) > 100 {
		f.Query = string([]rune(f.Query)[:100])
	}
	ds, err := s.db.CitizenDossiers(r.Context(), cs.Citizen, f)
	if err != nil {
		return err
	}
	data := citizenListData{State: f.State, Query: f.Query}
	if len(ds) > 100 {
		ds, data.More = ds[:100], true
	}
	for _, d := range ds {
		row := citizenRow{D: d, Status: d.Status.Label(), Channel: d.Channel.Label(), Appointment: d.Appointment()}
		if p.Lang == "en" {
			row.Status = d.Status.LabelEN()
			row.Channel = channelEN(d.Channel)
		}
		data.Rows = append(data.Rows, row)
	}
	p.Data = data
	return s.render(w, http.StatusOK, "citizen_dossiers", p)
}

func channelEN(c dossier.Channel) string {
	switch c {
	case dossier.Counter:
		return "At the counter"
	case dossier.Online:
		return "Online"
	case dossier.Post:
		return "By post"
	}
	return c.Label()
}

type citizenDossierData struct {
	*portalLookupData
	Docs   []citizenDocLink
	Access []store.PersonalAccess
	Level  int
}

type citizenDocLink struct {
	Kind  docgen.Kind
	Label string
}

// citizenDossier shows one of the citizen's dossiers: status in plain
// words, appointment, timeline, documents, payment, rating, and who at the
// unit opened it.
func (s *Server) citizenDossier(w http.ResponseWriter, r *http.Request) error {
	p, err := s.citizenDossierPage(w, r, r.PathValue("code"))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "citizen_dossier", p)
}

func (s *Server) citizenDossierPage(w http.ResponseWriter, r *http.Request, code string) (*Page, error) {
	ctx := r.Context()
	cs := citizenOf(r)
	d, events, err := s.db.CitizenDossier(ctx, cs.Citizen, code)
	if err != nil {
		return nil, err
	}
	p := s.newPage(w, r, "")
	p.Title = p.T("mine.dossier.title", d.Code)
	p.Nav = "mine"
	if err := s.portalFillResult(r, p, d, events, ""); err != nil {
		return nil, err
	}
	data := &citizenDossierData{portalLookupData: p.Data.(*portalLookupData), Level: d.EIDLevel}
	for _, k := range citizenDocs {
		if docApplies(d, k) {
			data.Docs = append(data.Docs, citizenDocLink{Kind: k, Label: p.T("mine.doc." + string(k))})
		}
	}
	if data.Access, err = s.db.PersonalAccessLog(ctx, d.ID); err != nil {
		return nil, err
	}
	p.Data = data
	return p, nil
}

// docApplies says whether the document exists for d yet.
func docApplies(d *dossier.Dossier, k docgen.Kind) bool {
	switch k {
	case docgen.KindReceipt:
		return !d.ReceivedAt.IsZero()
	case docgen.KindSupplement:
		return d.Supplements > 0
	case docgen.KindRefusal:
		return d.Status == dossier.Refused
	case docgen.KindApology:
		return !d.NewAppointmentAt.IsZero()
	case docgen.KindStop:
		return !d.StoppedAt.IsZero()
	case docgen.KindLawSheet:
		return d.Status == dossier.Resolved || d.Status == dossier.Returned
	case docgen.KindDeclaration:
		return uxGenerated(d)
	}
	return false
}

// citizenDocument serves a document of the citizen's own dossier. The
// personal number is masked on it as on every copy that leaves the counter.
func (s *Server) citizenDocument(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d, _, err := s.db.CitizenDossier(ctx, citizenOf(r).Citizen, r.PathValue("code"))
	if err != nil {
		return err
	}
	name, ok := strings.CutSuffix(r.PathValue("doc"), ".pdf")
	kind, perr := docgen.ParseKind(name)
	if !ok || perr != nil || !docApplies(d, kind) {
		return apperr.New(apperr.NotFound, "không tìm thấy giấy tờ")
	}
	var buf bytes.Buffer
	if err := docgen.Render(ctx, s.db, kind, d.Code, docgen.Options{BaseURL: s.opt.BaseURL(), MaskID: true}, &buf); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="`+d.Code+"-"+string(kind)+`.pdf"`)
	h.Set("Cache-Control", "private, no-store")
	_, err = buf.WriteTo(w)
	return err
}

// citizenRate records the citizen's rating of their returned dossier, once.
func (s *Server) citizenRate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	code := r.PathValue("code")
	d, _, err := s.db.CitizenDossier(ctx, citizenOf(r).Citizen, code)
	if err != nil {
		return err
	}
	rating := dossier.Rating(r.PostFormValue("rating"))
	complaint := textfold.NFC(r.PostFormValue("complaint"))
	errs := map[string]string{}
	var lang = languageOf(w, r)
	switch rating {
	case dossier.VerySatisfied, dossier.Satisfied, dossier.NotSatisfied:
	default:
		errs["rating"] = translate(lang, "portal.rate.required")
	}
	if n := len([]rune(complaint)); n > 2000 {
		errs["complaint"] = translate(lang, "portal.rate.complaint.long", n)
	}
	status := http.StatusOK
	switch {
	case d.Status != dossier.Returned:
		status = http.StatusConflict
	case d.Rating != "":
		status = http.StatusConflict
	case len(errs) > 0:
		status = http.StatusBadRequest
	default:
		_, err := s.db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActRate, Rating: rating, Complaint: complaint}, nil)
		if apperr.KindOf(err) == apperr.Conflict {
			status = http.StatusConflict
		} else if err != nil {
			return err
		}
	}
	p, err := s.citizenDossierPage(w, r, d.Code)
	if err != nil {
		return err
	}
	data := p.Data.(*citizenDossierData)
	switch status {
	case http.StatusOK:
		data.Rated = true
	case http.StatusConflict:
		if d.Rating != "" || data.D.Rating != "" {
			data.AlreadyRated = true
		} else {
			p.FormError = p.T("portal.rate.not_returned")
		}
	case http.StatusBadRequest:
		p.Errors = errs
		p.Form = map[string][]string{"rating": {string(rating)}, "complaint": {complaint}}
		p.FormError = p.T("form.has_errors")
	}
	return s.render(w, status, "citizen_dossier", p)
}

type citizenConsentData struct {
	Consents []store.Consent
	Saved    bool
	NoNumber bool
}

// citizenConsentForm shows the citizen's consent per channel.
func (s *Server) citizenConsentForm(w http.ResponseWriter, r *http.Request) error {
	return s.citizenConsentPage(w, r, http.StatusOK, false)
}

func (s *Server) citizenConsentPage(w http.ResponseWriter, r *http.Request, status int, saved bool) error {
	cs := citizenOf(r)
	p := s.newPage(w, r, "")
	p.Title = p.T("consent.title")
	p.Nav = "mine"
	data := citizenConsentData{Saved: saved, NoNumber: cs.Citizen.IDNumber == ""}
	if !data.NoNumber {
		var err error
		if data.Consents, err = s.db.Consents(r.Context(), cs.Citizen.IDNumber); err != nil {
			return err
		}
	}
	p.Data = data
	return s.render(w, status, "citizen_consent", p)
}

// citizenConsentSave records the answer for every channel: a ticked box
// is consent, an unticked one its withdrawal.
func (s *Server) citizenConsentSave(w http.ResponseWriter, r *http.Request) error {
	cs := citizenOf(r)
	if cs.Citizen.IDNumber == "" {
		return s.citizenConsentPage(w, r, http.StatusConflict, false)
	}
	answers := map[string]bool{}
	for _, ch := range store.ConsentChannels {
		v := r.PostFormValue(ch)
		if v != "" && v != "1" {
			return apperr.Invalidf(ch, "giá trị %q của kênh %s không hợp lệ", clipText(v, 20), ch)
		}
		answers[ch] = v == "1"
	}
	if err := s.db.SetConsents(r.Context(), cs.Citizen.IDNumber, answers); err != nil {
		return err
	}
	return s.citizenConsentPage(w, r, http.StatusOK, true)
}
