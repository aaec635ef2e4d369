package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/textfold"
)

// ProcedureVersion is one immutable version of a procedure. A dossier pins
// the version it was received under.
type ProcedureVersion struct {
	ProcedureID string              `json:"procedure_id"`
	Version     int                 `json:"version"`
	Procedure   catalogue.Procedure `json:"procedure"`
	CreatedAt   time.Time           `json:"created_at"`
	CreatedBy   string              `json:"created_by,omitempty"`
}

// ProcedureSummary is what lists of procedures show.
type ProcedureSummary struct {
	ID        string               `json:"id"`
	Code      string               `json:"code"`
	Name      string               `json:"name"`
	FieldCode string               `json:"field_code"`
	FieldName string               `json:"field_name"`
	Level     catalogue.Level      `json:"level"`
	Online    catalogue.OnlineMode `json:"online"`
	Version   int                  `json:"version"`
}

// ImportResult counts what an import did.
type ImportResult struct {
	Fields    int `json:"fields"`
	Created   int `json:"created"`
	Updated   int `json:"updated"` // a new version was stored
	Unchanged int `json:"unchanged"`
}

// ImportCatalogue validates c and stores it in one transaction: fields are
// created or renamed, a new procedure gets version 1, a changed one gets a new
// version, an identical one is left alone. Nothing is stored when anything
// is wrong. Dossiers keep the versions they pinned.
func (db *DB) ImportCatalogue(ctx context.Context, c *catalogue.Catalogue, by string) (ImportResult, error) {
	var res ImportResult
	if err := c.Validate(); err != nil {
		return res, apperr.Wrap(apperr.Invalid, err, "danh mục thủ tục không hợp lệ")
	}
	err := db.Transact(ctx, func(tx *Tx) error {
		res = ImportResult{}
		for i, f := range c.Fields {
			if err := tx.saveField(ctx, f, i); err != nil {
				return err
			}
			res.Fields++
		}
		fieldNames, err := tx.fieldNames(ctx)
		if err != nil {
			return err
		}
		for i, p := range c.Procedures {
			created, changed, err := tx.saveProcedure(ctx, p, i, fieldNames, by)
			if err != nil {
				return err
			}
			switch {
			case created:
				res.Created++
			case changed:
				res.Updated++
			default:
				res.Unchanged++
			}
		}
		return tx.audit(ctx, by, "catalogue", "", "import",
			fmt.Sprintf("%d created, %d updated, %d unchanged", res.Created, res.Updated, res.Unchanged))
	})
	return res, err
}

func (tx *Tx) saveField(ctx context.Context, f catalogue.Field, position int) error {
	_, err := tx.exec(ctx, `INSERT INTO fields (code, name, name_en, position) VALUES ($1, $2, $3, $4)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, position = excluded.position`,
		f.Code, f.Name, f.NameEN, position)
	if err != nil {
		return fmt.Errorf("save field %s: %w", f.Code, err)
	}
	return nil
}

func (tx *Tx) fieldNames(ctx context.Context) (map[string]string, error) {
	rows, err := tx.query(ctx, `SELECT code, name FROM fields`)
	if err != nil {
		return nil, fmt.Errorf("read fields: %w", err)
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var c, n string
		if err := rows.Scan(&c, &n); err != nil {
			return nil, fmt.Errorf("read fields: %w", err)
		}
		m[c] = n
	}
	return m, rows.Err()
}

// saveProcedure stores p as version 1, as a new version when it differs from
// the current one, or not at all when it is the same.
func (tx *Tx) saveProcedure(ctx context.Context, p catalogue.Procedure, position int, fieldNames map[string]string, by string) (created, changed bool, err error) {
	fieldName, ok := fieldNames[p.FieldCode]
	if !ok {
		return false, false, apperr.Invalidf("field_code", "thủ tục %s: lĩnh vực %q không có trong danh mục", p.Code, p.FieldCode)
	}
	doc, err := json.Marshal(p)
	if err != nil {
		return false, false, fmt.Errorf("encode procedure %s: %w", p.Code, err)
	}
	search := textfold.Fold(p.Code + " " + p.Name + " " + p.NameEN + " " + strings.Join(p.Aliases, " ") + " " + fieldName)
	var id, current string
	var version int
	err = tx.queryRow(ctx, `SELECT p.id, p.current_version, v.doc FROM procedures p
		JOIN procedure_versions v ON v.procedure_id = p.id AND v.version = p.current_version
		WHERE p.code = $1`, p.Code).Scan(&id, &version, &current)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		id, version, created = NewID(), 1, true
		if _, err := tx.exec(ctx, `INSERT INTO procedures (id, code, field_code, name, level, online, search_text,
			current_version, position, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9)`,
			id, p.Code, p.FieldCode, p.Name, string(p.Level), string(p.Online), search, position, tx.now.UnixMilli()); err != nil {
			return false, false, fmt.Errorf("insert procedure %s: %w", p.Code, err)
		}
	case err != nil:
		return false, false, fmt.Errorf("read procedure %s: %w", p.Code, err)
	case current == string(doc):
		_, err := tx.exec(ctx, `UPDATE procedures SET position = $2 WHERE id = $1`, id, position)
		return false, false, err
	default:
		version++
		changed = true
		if _, err := tx.exec(ctx, `UPDATE procedures SET field_code = $2, name = $3, level = $4, online = $5,
			search_text = $6, current_version = $7, position = $8, updated_at = $9 WHERE id = $1`,
			id, p.FieldCode, p.Name, string(p.Level), string(p.Online), search, version, position, tx.now.UnixMilli()); err != nil {
			return false, false, fmt.Errorf("update procedure %s: %w", p.Code, err)
		}
	}
	if _, err := tx.exec(ctx, `INSERT INTO procedure_versions (procedure_id, version, doc, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5)`, id, version, string(doc), tx.now.UnixMilli(), by); err != nil {
		return false, false, fmt.Errorf("insert procedure %s version %d: %w", p.Code, version, err)
	}
	action := "version"
	if created {
		action = "create"
	}
	return created, changed, tx.audit(ctx, by, "procedure", id, action, fmt.Sprintf("%s v%d", p.Code, version))
}

// SaveProcedure validates one procedure against the stored fields and stores
// it as a new procedure or a new version. It returns the stored version.
func (db *DB) SaveProcedure(ctx context.Context, p catalogue.Procedure, by string) (*ProcedureVersion, error) {
	fields, err := db.Fields(ctx)
	if err != nil {
		return nil, err
	}
	c := &catalogue.Catalogue{Fields: fields, Procedures: []catalogue.Procedure{p}}
	if err := c.Validate(); err != nil {
		return nil, apperr.Wrap(apperr.Invalid, err, "thủ tục không hợp lệ: %v", err)
	}
	p = c.Procedures[0]
	err = db.Transact(ctx, func(tx *Tx) error {
		names, err := tx.fieldNames(ctx)
		if err != nil {
			return err
		}
		var pos int
		if err := tx.queryRow(ctx, `SELECT COALESCE((SELECT position FROM procedures WHERE code = $1),
			(SELECT COALESCE(MAX(position), -1) + 1 FROM procedures))`, p.Code).Scan(&pos); err != nil {
			return fmt.Errorf("procedure position: %w", err)
		}
		_, _, err = tx.saveProcedure(ctx, p, pos, names, by)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.ProcedureByCode(ctx, p.Code)
}

// Fields lists the catalogue's fields in catalogue order.
func (db *DB) Fields(ctx context.Context) ([]catalogue.Field, error) {
	rows, err := db.public(ctx).QueryContext(ctx, `SELECT code, name, name_en FROM fields ORDER BY position, code`)
	if err != nil {
		return nil, fmt.Errorf("list fields: %w", err)
	}
	defer rows.Close()
	var out []catalogue.Field
	for rows.Next() {
		var f catalogue.Field
		if err := rows.Scan(&f.Code, &f.Name, &f.NameEN); err != nil {
			return nil, fmt.Errorf("list fields: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// ProcedureFilter selects procedures; zero fields do not filter.
type ProcedureFilter struct {
	Field  string
	Online catalogue.OnlineMode
	// Query ranks the procedures by relevance (catalogue.Index.Search) over
	// their code, name, aliases and field, without regard to case,
	// diacritics or đ, forgiving a typo; only the matching ones are listed.
	Query string
}

// Procedures lists the current versions' summaries matching f: in catalogue
// order, or best first when f has a query.
func (db *DB) Procedures(ctx context.Context, f ProcedureFilter) ([]ProcedureSummary, error) {
	list, docs, err := db.procedureList(ctx, f.Field, f.Online, strings.TrimSpace(f.Query) != "")
	if err != nil || strings.TrimSpace(f.Query) == "" {
		return list, err
	}
	hits := catalogue.NewIndex(docs).Search(f.Query)
	out := make([]ProcedureSummary, 0, len(hits))
	for _, h := range hits {
		out = append(out, list[h.Index])
	}
	return out, nil
}

// ClosestProcedures returns up to n procedures whose words are nearest to a
// query that matched nothing, best first (catalogue.Index.Closest).
func (db *DB) ClosestProcedures(ctx context.Context, query string, n int) ([]ProcedureSummary, error) {
	list, docs, err := db.procedureList(ctx, "", "", true)
	if err != nil {
		return nil, err
	}
	var out []ProcedureSummary
	for _, i := range catalogue.NewIndex(docs).Closest(query, n) {
		out = append(out, list[i])
	}
	return out, nil
}

// procedureList reads the current procedures of a field and online mode (when
// not empty) in catalogue order and, when withDocs, what search reads of
// each: the ranking is done in memory, as a unit has at most a few hundred
// procedures.
func (db *DB) procedureList(ctx context.Context, field string, online catalogue.OnlineMode, withDocs bool) ([]ProcedureSummary, []catalogue.SearchDoc, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if field != "" {
		where = append(where, "p.field_code = "+arg(field))
	}
	if online != "" {
		where = append(where, "p.online = "+arg(string(online)))
	}
	q := `SELECT p.id, p.code, p.name, p.field_code, f.name, p.level, p.online, p.current_version, `
	if withDocs {
		q += `v.doc FROM procedures p JOIN fields f ON f.code = p.field_code
		JOIN procedure_versions v ON v.procedure_id = p.id AND v.version = p.current_version`
	} else {
		q += `'' FROM procedures p JOIN fields f ON f.code = p.field_code`
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := db.public(ctx).QueryContext(ctx, q+" ORDER BY f.position, p.position, p.code", args...)
	if err != nil {
		return nil, nil, fmt.Errorf("list procedures: %w", err)
	}
	defer rows.Close()
	var out []ProcedureSummary
	var docs []catalogue.SearchDoc
	for rows.Next() {
		var s ProcedureSummary
		var doc string
		if err := rows.Scan(&s.ID, &s.Code, &s.Name, &s.FieldCode, &s.FieldName, &s.Level, &s.Online, &s.Version, &doc); err != nil {
			return nil, nil, fmt.Errorf("list procedures: %w", err)
		}
		out = append(out, s)
		if withDocs {
			var p catalogue.Procedure
			if err := json.Unmarshal([]byte(doc), &p); err != nil {
				return nil, nil, fmt.Errorf("decode procedure %s: %w", s.Code, err)
			}
			docs = append(docs, catalogue.SearchDoc{Code: s.Code, Name: s.Name, Aliases: p.Aliases, FieldName: s.FieldName})
		}
	}
	return out, docs, rows.Err()
}

// ProcedureByCode returns the current version of a procedure. Errors: NotFound.
func (db *DB) ProcedureByCode(ctx context.Context, code string) (*ProcedureVersion, error) {
	return procedureVersion(ctx, db.read, `p.code = $1 AND v.version = p.current_version`, code)
}

// ProcedureVersionOf returns one version of a procedure, from memory after
// its first read (versionCache): the version is shared, and callers must not
// change it. Errors: NotFound.
func (db *DB) ProcedureVersionOf(ctx context.Context, procedureID string, version int) (*ProcedureVersion, error) {
	return db.cachedVersion(ctx, db.read, procedureID, version)
}

func procedureVersion(ctx context.Context, q querier, where string, args ...any) (*ProcedureVersion, error) {
	var pv ProcedureVersion
	var doc string
	var created sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT p.id, v.version, v.doc, v.created_at, v.created_by
		FROM procedures p JOIN procedure_versions v ON v.procedure_id = p.id WHERE `+where, args...).
		Scan(&pv.ProcedureID, &pv.Version, &doc, &created, &pv.CreatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy thủ tục %v", args[0])
	}
	if err != nil {
		return nil, fmt.Errorf("read procedure %v: %w", args[0], err)
	}
	if err := json.Unmarshal([]byte(doc), &pv.Procedure); err != nil {
		return nil, fmt.Errorf("decode procedure %v: %w", args[0], err)
	}
	pv.CreatedAt = fromMS(created)
	return &pv, nil
}

// ProcedureHistory lists every version of a procedure, newest first.
func (db *DB) ProcedureHistory(ctx context.Context, code string) ([]ProcedureVersion, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT p.id, v.version, v.doc, v.created_at, v.created_by
		FROM procedures p JOIN procedure_versions v ON v.procedure_id = p.id WHERE p.code = $1 ORDER BY v.version DESC`, code)
	if err != nil {
		return nil, fmt.Errorf("procedure history %s: %w", code, err)
	}
	defer rows.Close()
	var out []ProcedureVersion
	for rows.Next() {
		var pv ProcedureVersion
		var doc string
		var created sql.NullInt64
		if err := rows.Scan(&pv.ProcedureID, &pv.Version, &doc, &created, &pv.CreatedBy); err != nil {
			return nil, fmt.Errorf("procedure history %s: %w", code, err)
		}
		if err := json.Unmarshal([]byte(doc), &pv.Procedure); err != nil {
			return nil, fmt.Errorf("decode procedure %s: %w", code, err)
		}
		pv.CreatedAt = fromMS(created)
		out = append(out, pv)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy thủ tục %s", code)
	}
	return out, nil
}

// ExportCatalogue returns the fields and the current version of every
// procedure, in catalogue order: what ImportCatalogue takes back.
func (db *DB) ExportCatalogue(ctx context.Context) (*catalogue.Catalogue, error) {
	fields, err := db.Fields(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT v.doc FROM procedures p
		JOIN procedure_versions v ON v.procedure_id = p.id AND v.version = p.current_version
		JOIN fields f ON f.code = p.field_code ORDER BY p.position, p.code`)
	if err != nil {
		return nil, fmt.Errorf("export catalogue: %w", err)
	}
	defer rows.Close()
	c := &catalogue.Catalogue{Fields: fields}
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, fmt.Errorf("export catalogue: %w", err)
		}
		var p catalogue.Procedure
		if err := json.Unmarshal([]byte(doc), &p); err != nil {
			return nil, fmt.Errorf("export catalogue: %w", err)
		}
		c.Procedures = append(c.Procedures, p)
	}
	return c, rows.Err()
}

// currentVersion is the version of the procedure with this code that a
// dossier received now is pinned to, from versionCache once read: the
// catalogue's number of the current version is read in the transaction,
// the version itself never changes. Errors: NotFound.
func (tx *Tx) currentVersion(ctx context.Context, code string) (*ProcedureVersion, error) {
	var id string
	var version int
	err := tx.queryRow(ctx, `SELECT id, current_version FROM procedures WHERE code = $1`, code).Scan(&id, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy thủ tục %v", code)
	}
	if err != nil {
		return nil, fmt.Errorf("read procedure %v: %w", code, err)
	}
	return tx.pinnedVersion(ctx, id, version)
}

// pinnedVersion returns a version of a procedure, from memory when it was
// read before: versions never change once stored, so every instance may
// keep them, and an action on a dossier need not decode its procedure again.
func (tx *Tx) pinnedVersion(ctx context.Context, procedureID string, version int) (*ProcedureVersion, error) {
	return tx.db.cachedVersion(ctx, tx.q(), procedureID, version)
}

// cachedVersion is a procedure's version from versionCache, read through q
// the first time.
func (db *DB) cachedVersion(ctx context.Context, q querier, procedureID string, version int) (*ProcedureVersion, error) {
	key := fmt.Sprintf("%s/%d", procedureID, version)
	c := &db.versions
	c.mu.Lock()
	pv, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return pv, nil
	}
	pv, err := procedureVersion(ctx, q, `p.id = $1 AND v.version = $2`, procedureID, version)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]*ProcedureVersion{}
	}
	c.m[key] = pv
	c.mu.Unlock()
	return pv, nil
}

// versionCache holds procedure versions read by pinnedVersion and
// ProcedureVersionOf (the dossier page decoded its procedure on every view).
// Callers must not change what it returns.
type versionCache struct {
	mu sync.Mutex
	m  map[string]*ProcedureVersion
}
