package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/store"
)

type adminProceduresData struct {
	Query          string
	Procedures     []store.ProcedureSummary
	EditsCatalogue bool
}

// adminProcedures lists the catalogue with each procedure's current version.
func (s *Server) adminProcedures(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d := adminProceduresData{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	var err error
	if d.Procedures, err = s.db.Procedures(ctx, store.ProcedureFilter{Query: d.Query}); err != nil {
		return err
	}
	if d.EditsCatalogue, err = s.db.MaintainsCatalogue(ctx, adminOfficer(r).UnitID); err != nil {
		return err
	}
	p := s.adminPage(w, r, "admin.procedures.title")
	p.Data = d
	return s.render(w, http.StatusOK, "admin_procedures", p)
}

// adminProcedureKeys are a procedure's keys in the order of its type, as the
// YAML and the diff name them.
func adminProcedureKeys() []string {
	t := reflect.TypeFor[catalogue.Procedure]()
	keys := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		keys = append(keys, name)
	}
	return keys
}

// adminChangedKeys lists the keys whose values differ between two versions of a
// procedure, in the order of the type.
func adminChangedKeys(a, b *catalogue.Procedure) ([]string, error) {
	var ma, mb map[string]json.RawMessage
	for _, x := range []struct {
		p *catalogue.Procedure
		m *map[string]json.RawMessage
	}{{a, &ma}, {b, &mb}} {
		raw, err := json.Marshal(x.p)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(raw, x.m); err != nil {
			return nil, err
		}
	}
	var out []string
	for _, k := range adminProcedureKeys() {
		if !bytes.Equal(ma[k], mb[k]) {
			out = append(out, k)
		}
	}
	return out, nil
}

// adminKeyLabel names a procedure key for people: "Thời hạn giải quyết (time_limit)".
func adminKeyLabel(lang, key string) string {
	l := translate(lang, "admin.key."+key)
	if l == "admin.key."+key {
		return key
	}
	return l + " (" + key + ")"
}

type adminVersionRow struct {
	V       store.ProcedureVersion
	By      string
	ByVI    bool     // By is a person's name
	Changed []string // what changed from the version before, labelled
}

type adminProcedureData struct {
	Code           string
	Name           string
	Current        int
	Versions       []adminVersionRow
	Shown          *store.ProcedureVersion // the version whose text is shown
	ShownYAML      string
	From, To       int      // the versions compared
	Diff           []string // keys changed between From and To, labelled
	VersionOptions []adminOption
	EditsCatalogue bool
}

// adminOfficerName returns the full name of officer id, or id itself (a tool
// such as "demo") and false.
func (s *Server) adminOfficerName(r *http.Request, names map[string]string, id string) (string, bool) {
	if n, ok := names[id]; ok {
		return n, n != id
	}
	n := id
	if o, err := s.db.Officer(r.Context(), id); err == nil {
		n = o.FullName
	}
	names[id] = n
	return n, n != id
}

// adminProcedure shows a procedure's versions (who, when, what changed),
// the text of one version (?phien-ban=N, the current one by default) and
// the keys changed between two versions (?tu=A&den=B).
func (s *Server) adminProcedure(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	code := r.PathValue("code")
	history, err := s.db.ProcedureHistory(ctx, code)
	if err != nil {
		return err
	}
	p := s.adminPage(w, r, "admin.procedure.title", code)
	d := adminProcedureData{Code: code, Name: history[0].Procedure.Name, Current: history[0].Version}
	if d.EditsCatalogue, err = s.db.MaintainsCatalogue(ctx, adminOfficer(r).UnitID); err != nil {
		return err
	}
	byVersion := map[int]*store.ProcedureVersion{}
	names := map[string]string{}
	for i := range history {
		v := &history[i]
		byVersion[v.Version] = v
		row := adminVersionRow{V: *v}
		row.By, row.ByVI = s.adminOfficerName(r, names, v.CreatedBy)
		if i+1 < len(history) {
			keys, err := adminChangedKeys(&history[i+1].Procedure, &v.Procedure)
			if err != nil {
				return err
			}
			for _, k := range keys {
				row.Changed = append(row.Changed, adminKeyLabel(p.Lang, k))
			}
		}
		d.Versions = append(d.Versions, row)
		d.VersionOptions = append(d.VersionOptions, adminOption{Value: strconv.Itoa(v.Version), Label: p.T("admin.procedure.version_n", v.Version)})
	}
	q := r.URL.Query()
	pick := func(key string, def int) (int, error) {
		raw := q.Get(key)
		if raw == "" {
			return def, nil
		}
		n, err := strconv.Atoi(raw)
		if err != nil || byVersion[n] == nil {
			return 0, apperr.New(apperr.NotFound, "thủ tục %s không có phiên bản %q", code, raw)
		}
		return n, nil
	}
	shown, err := pick("phien-ban", d.Current)
	if err != nil {
		return err
	}
	d.Shown = byVersion[shown]
	fields, err := s.db.Fields(ctx)
	if err != nil {
		return err
	}
	if d.ShownYAML, err = adminProcedureYAML(fields, &d.Shown.Procedure); err != nil {
		return err
	}
	prev := d.Current
	if len(history) > 1 {
		prev = history[1].Version
	}
	if d.From, err = pick("tu", prev); err != nil {
		return err
	}
	if d.To, err = pick("den", d.Current); err != nil {
		return err
	}
	keys, err := adminChangedKeys(&byVersion[d.From].Procedure, &byVersion[d.To].Procedure)
	if err != nil {
		return err
	}
	for _, k := range keys {
		d.Diff = append(d.Diff, adminKeyLabel(p.Lang, k))
	}
	p.Form = map[string][]string{"tu": {strconv.Itoa(d.From)}, "den": {strconv.Itoa(d.To)}}
	p.Data = d
	return s.render(w, http.StatusOK, "admin_procedure", p)
}

// adminProcedureYAML is the YAML of one procedure alone (the mapping an item of
// the catalogue's procedures list holds), as the edit form shows it.
func adminProcedureYAML(fields []catalogue.Field, p *catalogue.Procedure) (string, error) {
	doc, err := catalogue.Marshal(&catalogue.Catalogue{Fields: fields, Procedures: []catalogue.Procedure{*p}})
	if err != nil {
		return "", fmt.Errorf("procedure %s as YAML: %w", p.Code, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		return "", fmt.Errorf("procedure %s as YAML: %w", p.Code, err)
	}
	top := root.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "procedures" && len(top.Content[i+1].Content) == 1 {
			var buf bytes.Buffer
			enc := yaml.NewEncoder(&buf)
			enc.SetIndent(2)
			if err := enc.Encode(top.Content[i+1].Content[0]); err != nil {
				return "", fmt.Errorf("procedure %s as YAML: %w", p.Code, err)
			}
			if err := enc.Close(); err != nil {
				return "", fmt.Errorf("procedure %s as YAML: %w", p.Code, err)
			}
			return buf.String(), nil
		}
	}
	return "", fmt.Errorf("procedure %s as YAML: no procedure in the document", p.Code)
}

// adminParseProcedureYAML reads one procedure from the YAML of the edit form with
// catalogue.Parse, the procedure placed in a catalogue of the stored fields.
// Problems come back in Vietnamese, each naming its line in text.
func adminParseProcedureYAML(fields []catalogue.Field, text string) (*catalogue.Procedure, []string, error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if strings.TrimSpace(text) == "" {
		return nil, []string{"Nội dung YAML của thủ tục đang trống."}, nil
	}
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	var doc strings.Builder
	doc.WriteString("procedures:\n- ") // the text's line n is the document's line n+1
	for i, l := range lines {
		if i > 0 {
			doc.WriteString("  ")
		}
		doc.WriteString(l)
		doc.WriteByte('\n')
	}
	fj, err := json.Marshal(fields) // JSON is YAML, on one line
	if err != nil {
		return nil, nil, err
	}
	doc.WriteString("fields: ")
	doc.Write(fj)
	doc.WriteByte('\n')

	c, err := catalogue.Parse([]byte(doc.String()))
	var ve *catalogue.ValidationError
	if errors.As(err, &ve) {
		var out []string
		for _, pr := range ve.Problems {
			out = append(out, adminProblemText(pr, len(lines)))
		}
		return nil, out, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if len(c.Procedures) != 1 {
		return nil, []string{"Nội dung phải là đúng một thủ tục."}, nil
	}
	return &c.Procedures[0], nil, nil
}

// adminProblemText says a catalogue problem in Vietnamese, with its line in the
// form's text (the document's line less the one line put before it).
func adminProblemText(pr catalogue.Problem, textLines int) string {
	var b strings.Builder
	if line := pr.Line - 1; line >= 1 && line <= textLines {
		fmt.Fprintf(&b, "Dòng %d: ", line)
	}
	if pr.Path != "" {
		fmt.Fprintf(&b, "%s: ", pr.Path)
	}
	switch pr.Message {
	case "unknown key":
		b.WriteString("khoá này không có trong mẫu thủ tục (kiểm tra chính tả và thụt lề)")
	case "empty document":
		b.WriteString("nội dung trống")
	default:
		b.WriteString(pr.Message)
	}
	return b.String()
}

type adminProcedureFormData struct {
	Code     string
	Name     string
	Current  int
	Problems []string
	Fields   []catalogue.Field
}

// adminEditableProcedure returns the current version of the path's procedure
// when the administrator maintains the catalogue. Errors: NotFound, Forbidden.
func (s *Server) adminEditableProcedure(r *http.Request) (*store.ProcedureVersion, error) {
	ok, err := s.db.MaintainsCatalogue(r.Context(), adminOfficer(r).UnitID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apperr.New(apperr.Forbidden, "chỉ quản trị viên của đơn vị cấp trên cùng được sửa danh mục thủ tục")
	}
	return s.db.ProcedureByCode(r.Context(), r.PathValue("code"))
}

// adminProcedureEdit is the form for a new version of a procedure: its
// current version as YAML, to edit.
func (s *Server) adminProcedureEdit(w http.ResponseWriter, r *http.Request) error {
	v, err := s.adminEditableProcedure(r)
	if err != nil {
		return err
	}
	fields, err := s.db.Fields(r.Context())
	if err != nil {
		return err
	}
	text, err := adminProcedureYAML(fields, &v.Procedure)
	if err != nil {
		return err
	}
	p := s.adminPage(w, r, "admin.procedure.edit", v.Procedure.Code)
	p.Form = map[string][]string{"yaml": {text}, "base": {strconv.Itoa(v.Version)}}
	p.Data = adminProcedureFormData{Code: v.Procedure.Code, Name: v.Procedure.Name, Current: v.Version, Fields: fields}
	return s.render(w, http.StatusOK, "admin_procedure_form", p)
}

// adminProcedureSave stores the edited procedure as a new version. Dossiers
// received under older versions keep theirs. Nothing is stored when the
// text has a problem, names another procedure, or another version was saved
// since the form was opened.
func (s *Server) adminProcedureSave(w http.ResponseWriter, r *http.Request) error {
	v, err := s.adminEditableProcedure(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	fields, err := s.db.Fields(ctx)
	if err != nil {
		return err
	}
	f := adminForm(r)
	p := s.adminPage(w, r, "admin.procedure.edit", v.Procedure.Code)
	p.Form = f
	d := adminProcedureFormData{Code: v.Procedure.Code, Name: v.Procedure.Name, Current: v.Version, Fields: fields}
	refuse := func(status int, problems ...string) error {
		d.Problems = problems
		p.Data = d
		return s.renderAdminForm(w, p, "admin_procedure_form", status, map[string]string{"yaml": problems[0]})
	}
	if base := f.Get("base"); base != strconv.Itoa(v.Version) {
		p.Form.Set("base", strconv.Itoa(v.Version))
		return refuse(http.StatusConflict, fmt.Sprintf("Trong lúc bạn sửa, thủ tục đã có phiên bản %d. "+
			"Hãy mở lại trang sửa để làm trên phiên bản mới nhất (nội dung bạn gõ vẫn còn bên dưới).", v.Version))
	}
	proc, problems, err := adminParseProcedureYAML(fields, f.Get("yaml"))
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return refuse(http.StatusBadRequest, problems...)
	}
	if proc.Code != v.Procedure.Code {
		return refuse(http.StatusBadRequest, fmt.Sprintf("Mã thủ tục (code) phải giữ là %s; nội dung đang ghi %q. "+
			"Thủ tục mới được thêm bằng cách nhập danh mục.", v.Procedure.Code, proc.Code))
	}
	saved, err := s.db.SaveProcedure(ctx, *proc, adminOfficer(r).ID)
	if err != nil {
		if apperr.KindOf(err) != apperr.Invalid {
			return err
		}
		return refuse(http.StatusBadRequest, adminSentence(apperr.PublicMessage(err)))
	}
	if saved.Version == v.Version {
		s.flash(w, p.T("admin.procedure.unchanged", v.Version))
	} else {
		s.flash(w, p.T("admin.procedure.saved", saved.Version))
	}
	http.Redirect(w, r, "/quan-tri/thu-tuc/"+v.Procedure.Code, http.StatusSeeOther)
	return nil
}
