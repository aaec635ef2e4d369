package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/textfold"
)

// Where a reusable paper comes from.
const (
	PaperUpload = "upload" // a file given with an earlier dossier
	PaperScan   = "scan"   // a paper digitised at reception (Circular 01/2023)
	PaperResult = "result" // the signed electronic result of an earlier dossier
)

// Paper is something a citizen gave us, or we issued to them, in an earlier
// dossier, which a new online submission may reuse instead of an upload
// (Circular 01/2023: the citizen is not asked again for what the unit
// holds).
type Paper struct {
	Key           string // what a form posts: "<source>:<id>"
	Source        string // PaperUpload, PaperScan or PaperResult
	FileName      string
	DossierCode   string
	ComponentName string // the component it was; for a result, the procedure's result
	At            time.Time
	sha           string // scans and results: the address of the bytes in the file store
}

// StandsFor reports whether the paper may be picked for a component of the
// given label and kind. An upload or a scan stands for the same component
// (by name, ignoring case and diacritics) and never for an original; a
// signed result is an original electronic document, and stands for any
// component that names it (e.g. "Giấy xác nhận tình trạng hôn nhân (khi …)"
// names the result "Giấy xác nhận tình trạng hôn nhân").
func (p Paper) StandsFor(label string, kind catalogue.ComponentKind) bool {
	if p.Source != PaperResult {
		return kind != catalogue.ComponentOriginal && textfold.Fold(p.ComponentName) == textfold.Fold(label)
	}
	name, _, _ := strings.Cut(p.ComponentName, " (")
	name = textfold.Fold(strings.TrimSpace(name))
	return name != "" && strings.Contains(textfold.Fold(label), name)
}

// citizenPaperLimit bounds each source's list.
const citizenPaperLimit = 200

// CitizenPapers returns the uploads, digitised papers and signed results of
// the dossiers filed under the citizen's number (or tax code), the newest
// first.
func (db *DB) CitizenPapers(ctx context.Context, c *Citizen) ([]Paper, error) {
	return db.citizenPapers(ctx, c, "", "")
}

// CitizenPaper returns one of the citizen's papers, by key, with its bytes
// (scans and results read from files). Another person's paper is NotFound,
// like an unknown one.
func (db *DB) CitizenPaper(ctx context.Context, c *Citizen, key string, files filestore.Store) (Paper, []byte, error) {
	notFound := apperr.New(apperr.NotFound, "không tìm thấy giấy tờ đã nộp")
	source, id, ok := strings.Cut(key, ":")
	if !ok || id == "" {
		return Paper{}, nil, notFound
	}
	ps, err := db.citizenPapers(ctx, c, source, id)
	if err != nil {
		return Paper{}, nil, err
	}
	if len(ps) != 1 {
		return Paper{}, nil, notFound
	}
	p := ps[0]
	if p.Source == PaperUpload {
		_, data, err := db.FileData(ctx, id)
		return p, data, err
	}
	_, data, err := files.Get(ctx, p.sha)
	if err != nil {
		return Paper{}, nil, fmt.Errorf("the bytes of paper %s: %w", key, err)
	}
	return p, data, nil
}

// citizenPapers lists the citizen's papers of one source (all when source
// is "") and, with id, only that one.
func (db *DB) citizenPapers(ctx context.Context, c *Citizen, source, id string) ([]Paper, error) {
	var out []Paper
	for _, q := range []struct {
		source, sql, idColumn string
	}{
		{PaperUpload, `SELECT f.id, f.name, f.component, '', f.created_at, d.code, d.doc
			FROM files f JOIN dossiers d ON d.id = f.dossier_id`, "f.id"},
		{PaperScan, `SELECT p.id, p.content_type, p.component, p.sha256, p.created_at, d.code, d.doc
			FROM digitised_papers p JOIN dossiers d ON d.id = p.dossier_id`, "p.id"},
		{PaperResult, `SELECT s.id, '', -1, s.sha256, s.signed_at, d.code, d.doc
			FROM signed_documents s JOIN dossiers d ON d.id = s.dossier_id`, "s.id"},
	} {
		if source != "" && source != q.source {
			continue
		}
		var args []any
		arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
		where := ownerWhere(c, arg) // columns of dossiers only
		if q.source == PaperResult {
			where += " AND s.kind = " + arg(SignResult) + " AND s.state = " + arg(SignSigned)
		}
		if id != "" {
			where += " AND " + q.idColumn + " = " + arg(id)
		}
		ps, err := db.scanCitizenPapers(ctx, q.source, q.sql+" WHERE "+where+" ORDER BY 5 DESC, 1 LIMIT "+fmt.Sprint(citizenPaperLimit), args)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	slices.SortStableFunc(out, func(a, b Paper) int { return b.At.Compare(a.At) })
	return out, nil
}

// scanExtensions names a scan's file by its detected type.
var scanExtensions = map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

func (db *DB) scanCitizenPapers(ctx context.Context, source, query string, args []any) ([]Paper, error) {
	type row struct {
		p Paper
		d *dossier.Dossier
	}
	var got []row
	err := func() error {
		rows, err := db.read.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p := Paper{Source: source}
			var comp int
			var at int64
			var id, doc string
			if err := rows.Scan(&id, &p.FileName, &comp, &p.sha, &at, &p.DossierCode, &doc); err != nil {
				return err
			}
			d, err := decodeDossier([]byte(doc))
			if err != nil {
				return err
			}
			p.Key, p.At = source+":"+id, time.UnixMilli(at).In(Zone)
			if source != PaperResult {
				if comp < 0 || comp >= len(d.Components) {
					continue
				}
				p.ComponentName = d.Components[comp].Name
				if source == PaperScan { // the name column holds the detected type
					p.FileName = "ban-so-hoa-" + d.Code + scanExtensions[p.FileName]
				}
			}
			got = append(got, row{p, d})
		}
		return rows.Err()
	}()
	if err != nil {
		return nil, fmt.Errorf("citizen's papers (%s): %w", source, err)
	}
	// A result is named by its procedure version's result, read once per
	// version, after the rows are closed (no second connection held).
	resultNames := map[string]string{}
	out := make([]Paper, 0, len(got))
	for _, r := range got {
		if source == PaperResult {
			v := fmt.Sprintf("%s/%d", r.d.ProcedureID, r.d.ProcedureVer)
			name, ok := resultNames[v]
			if !ok {
				pv, err := db.ProcedureVersionOf(ctx, r.d.ProcedureID, r.d.ProcedureVer)
				if err != nil {
					return nil, err
				}
				if len(pv.Procedure.Results) > 0 {
					name = pv.Procedure.Results[0].Name
				}
				resultNames[v] = name
			}
			if name == "" {
				continue
			}
			r.p.ComponentName, r.p.FileName = name, "ket-qua-"+r.d.Code+".pdf"
		}
		out = append(out, r.p)
	}
	return out, nil
}
