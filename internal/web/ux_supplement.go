package web

// The online supplement (issue 19, docs/ux.md): when an officer asks for a
// supplement on a dossier that came online, its applicant sees what was
// asked and sends the papers from the status page (behind the code and the
// four digits, and their throttle) or from "Hồ sơ của tôi" (the signed-in
// citizen). The files go through the online submission's checks; a form
// that comes back with an error keeps the valid files server-side under
// the form's key. store.DB.SupplementOnline records it once. A dossier
// received at the counter is told what to bring.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

func init() {
	uploadForms["POST /tra-cuu/bo-sung"] = store.MaxSupplementFiles
	uploadForms["POST /ca-nhan/ho-so/{code}/bo-sung"] = store.MaxSupplementFiles
}

// supplementRoutes are the routes of the online supplement.
func (s *Server) supplementRoutes() []route {
	return []route{
		{"POST /tra-cuu/bo-sung", anyone, s.portalSupplement},
		{"POST /ca-nhan/ho-so/{code}/bo-sung", aCitizen, s.citizenSupplement},
	}
}

// uxSupplementView is the status page's supplement section.
type uxSupplementView struct {
	Online bool // the dossier came online: the papers are sent here
	Reason string
	Items  []uxSupplementItem
	Key    string // the form's secret: one supplement however often sent
	Action string // where the form posts
	Max    string // the upload limit per file, in words
	Failed bool   // the page's form error is this section's
}

type uxSupplementItem struct {
	Index int
	Name  string
	Kept  string // the file kept from a try that came back with errors
}

// uxSupplementFor prepares the supplement section of a dossier waiting for
// one; nil otherwise.
func uxSupplementFor(d *dossier.Dossier, events []store.StoredEvent, action string) *uxSupplementView {
	if d.Status != dossier.Supplement {
		return nil
	}
	reason, items, _ := store.LatestSupplementRequest(events)
	v := &uxSupplementView{Online: d.Channel == dossier.Online, Reason: reason, Key: randomToken(), Action: action}
	for i, it := range items {
		v.Items = append(v.Items, uxSupplementItem{Index: i, Name: it})
	}
	return v
}

// uxSupplementField names an item's file input.
func uxSupplementField(i int) string { return "items." + strconv.Itoa(i) }

// uxSupplementSend reads the posted supplement of d and records it. It
// returns the page's errors by field (nil when recorded) and the form's
// key; the valid files of a form with errors are kept under that key.
func (s *Server) uxSupplementSend(r *http.Request, p *Page, d *dossier.Dossier, sv *uxSupplementView) (map[string]string, error) {
	ctx := r.Context()
	key := r.PostFormValue("key")
	if !portalIdemKey.MatchString(key) {
		key = randomToken()
	}
	note := textfold.NFC(r.PostFormValue("note"))
	if p.Form == nil {
		p.Form = url.Values{}
	}
	p.Form.Set("note", note)
	sv.Key = key
	errs := map[string]string{}
	kept, err := s.db.DraftFiles(ctx, "sup:"+key)
	if err != nil {
		return nil, err
	}
	var files, fresh []store.NewFile
	for _, it := range sv.Items {
		field := uxSupplementField(it.Index)
		fh := portalChosenFile(r.MultipartForm, field)
		if fh == nil {
			if k, ok := kept[it.Index]; ok {
				files = append(files, store.NewFile{Component: it.Index, Name: k.Name, Data: k.Data})
			}
			continue
		}
		data, err := s.portalReadUpload(fh)
		if err == errPortalTooLarge {
			errs[field] = p.T("ux.supplement.too_large", portalMB(s.opt.MaxUpload))
			continue
		}
		if err != nil {
			return nil, err
		}
		nf := store.NewFile{Component: it.Index, Name: fh.Filename, Data: data}
		if err := store.CheckSupplementFile(nf); err != nil {
			errs[field] = apperr.PublicMessage(err)
			continue
		}
		files, fresh = append(files, nf), append(fresh, nf)
	}
	if n := len([]rune(note)); n > store.MaxSupplementNote {
		errs["note"] = p.T("ux.supplement.note.long", n, store.MaxSupplementNote)
	}
	if len(files) == 0 && len(errs) == 0 {
		errs[uxSupplementField(0)] = p.T("ux.supplement.none")
	}
	if len(errs) == 0 {
		_, err := s.db.SupplementOnline(ctx, d.Code, store.SupplementRequest{Key: key, Note: note, Files: files})
		switch kind := apperr.KindOf(err); {
		case err == nil:
			if err := s.db.DeleteDraftFiles(ctx, "sup:"+key); err != nil {
				s.log.ErrorContext(ctx, "delete supplement drafts", "err", err)
			}
			return nil, nil
		case kind == apperr.Invalid:
			field := apperr.FieldOf(err)
			if field == "files" || field == "key" {
				field = uxSupplementField(0)
			}
			errs[field] = apperr.PublicMessage(err)
		default:
			return nil, err
		}
	}
	// Keep what was good for the next try, so only the wrong files are
	// chosen again.
	s.uxKeepSupplementDrafts(r, key, fresh)
	kept, err = s.db.DraftFiles(ctx, "sup:"+key)
	if err != nil {
		return nil, err
	}
	for i := range sv.Items {
		if k, ok := kept[sv.Items[i].Index]; ok && errs[uxSupplementField(sv.Items[i].Index)] == "" {
			sv.Items[i].Kept = k.Name
		}
	}
	return errs, nil
}

// uxKeepSupplementDrafts keeps the valid files of a supplement form that
// came back with errors, bounded per address like the submission's drafts.
func (s *Server) uxKeepSupplementDrafts(r *http.Request, key string, files []store.NewFile) {
	if len(files) == 0 {
		return
	}
	ctx := r.Context()
	_, err := s.db.ReserveAttempt(ctx, "Quá nhiều lần gửi lỗi; vui lòng chọn lại tệp.",
		store.Allowance{Key: "draft:" + middleware.ClientIP(r), Max: maxDraftSavesPerClient, Window: draftSaveWindow})
	if err == nil {
		err = s.db.SaveDraftFiles(ctx, "sup:"+key, files)
	}
	if err != nil && apperr.KindOf(err) == apperr.Internal {
		s.log.ErrorContext(ctx, "keep supplement drafts", "err", err)
	}
}

// portalSupplement takes the supplement sent from the status page, behind
// the posted code and four digits.
func (s *Server) portalSupplement(w http.ResponseWriter, r *http.Request) error {
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	lk, err := s.portalPostedLookup(w, r)
	if lk == nil || err != nil {
		return err
	}
	return s.uxSupplementPage(w, r, lk.p, lk.d, lk.events, lk.last4, "portal_result", func() (*Page, error) {
		d, events, err := s.db.LookupGuarded(r.Context(), lk.d.Code, lk.last4, middleware.ClientIP(r))
		if err != nil {
			return nil, err
		}
		p := s.newPage(w, r, "")
		p.Title, p.Nav = p.T("portal.lookup.title"), "lookup"
		return p, s.portalFillResult(r, p, d, events, lk.last4)
	})
}

// citizenSupplement takes the supplement sent from "Hồ sơ của tôi": the
// signed-in citizen's own dossier only.
func (s *Server) citizenSupplement(w http.ResponseWriter, r *http.Request) error {
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	code := r.PathValue("code")
	p, err := s.citizenDossierPage(w, r, code)
	if err != nil {
		return err
	}
	data := p.Data.(*citizenDossierData)
	return s.uxSupplementPage(w, r, p, data.D, nil, "", "citizen_dossier", func() (*Page, error) {
		return s.citizenDossierPage(w, r, data.D.Code)
	})
}

// uxSupplementPage records the posted supplement and renders the page:
// again, as it now stands, when recorded (a double click lands here too);
// with the errors beside their fields, nothing recorded, otherwise.
func (s *Server) uxSupplementPage(w http.ResponseWriter, r *http.Request, p *Page, d *dossier.Dossier, events []store.StoredEvent,
	last4, page string, reload func() (*Page, error)) error {
	if events != nil {
		if err := s.portalFillResult(r, p, d, events, last4); err != nil {
			return err
		}
	}
	ld := lookupDataOf(p)
	sv := ld.Supplement
	if sv == nil || !sv.Online {
		// Answered meanwhile (another tab, a double click whose twin won),
		// or a counter dossier: a replay of the same form is the first answer.
		sent, err := s.db.SupplementSentWith(r.Context(), d.Code, r.PostFormValue("key"))
		if err != nil {
			return err
		}
		if sent {
			np, err := reload()
			if err != nil {
				return err
			}
			lookupDataOf(np).SupplementSent = true
			return s.render(w, http.StatusOK, page, np)
		}
		p.FormError = p.T("ux.supplement.not_waiting")
		return s.render(w, http.StatusConflict, page, p)
	}
	errs, err := s.uxSupplementSend(r, p, d, sv)
	if err != nil {
		return err
	}
	if errs == nil {
		np, err := reload()
		if err != nil {
			return err
		}
		lookupDataOf(np).SupplementSent = true
		return s.render(w, http.StatusOK, page, np)
	}
	p.Errors = errs
	p.FormError, sv.Failed = p.T("form.has_errors"), true
	return s.render(w, http.StatusBadRequest, page, p)
}

// lookupDataOf is the status data of a status page or a citizen's dossier page.
func lookupDataOf(p *Page) *portalLookupData {
	switch d := p.Data.(type) {
	case *portalLookupData:
		return d
	case *citizenDossierData:
		return d.portalLookupData
	}
	panic(fmt.Sprintf("lookupDataOf: %T", p.Data))
}

// supplementView is one online supplement on the officer's dossier page.
type supplementView struct {
	At        time.Time
	RequestNo int
	Note      string
	Files     []supplementFileView
}

type supplementFileView struct {
	ID, Name, Item, Type, Size string
}

// supplementViews lists what the applicant sent online, each file beside
// the item of the request it answers.
func (s *Server) supplementViews(ctx context.Context, d *dossier.Dossier, sides store.DossierSides, events []store.StoredEvent) ([]supplementView, error) {
	if !sides.Supplements {
		return nil, nil
	}
	sups, err := s.db.OnlineSupplements(ctx, d.ID)
	if err != nil || len(sups) == 0 {
		return nil, err
	}
	var requests [][]string // the items of each request, in order
	for _, e := range events {
		if e.Kind == dossier.ActRequestSupplement && e.Detail != nil {
			requests = append(requests, e.Detail.Items)
		}
	}
	out := make([]supplementView, len(sups))
	for i, su := range sups {
		v := supplementView{At: su.CreatedAt, RequestNo: su.RequestNo, Note: su.Note}
		var items []string
		if su.RequestNo >= 1 && su.RequestNo <= len(requests) {
			items = requests[su.RequestNo-1]
		}
		for _, f := range su.Files {
			item := strconv.Itoa(f.Item + 1)
			if f.Item < len(items) {
				item = items[f.Item]
			}
			v.Files = append(v.Files, supplementFileView{ID: f.ID, Name: f.Name, Item: item, Type: f.ContentType, Size: formatSize(f.Size)})
		}
		out[i] = v
	}
	return out, nil
}
