package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/staff"
)

const officerColumns = `o.id, o.unit_id, o.username, o.full_name, o.title, o.phone, o.email, o.roles, o.active,
	o.password_hash, o.created_at`

func scanOfficer(row interface{ Scan(...any) error }) (*staff.Officer, error) {
	var o staff.Officer
	var roles string
	var created sql.NullInt64
	if err := row.Scan(&o.ID, &o.UnitID, &o.Username, &o.FullName, &o.Title, &o.Phone, &o.Email, &roles,
		&o.Active, &o.PasswordHash, &created); err != nil {
		return nil, err
	}
	for _, r := range strings.Fields(roles) {
		o.Roles = append(o.Roles, staff.Role(r))
	}
	o.CreatedAt = fromMS(created)
	return &o, nil
}

func joinRoles(rs []staff.Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, " ")
}

// CreateOfficer validates and stores an officer with a password, filling ID.
// Errors: Invalid (fields, unknown field code, short password), Conflict
// (username taken), NotFound (unit).
func (db *DB) CreateOfficer(ctx context.Context, o *staff.Officer, password, by string) error {
	o.Normalize()
	if err := o.Validate(); err != nil {
		return err
	}
	hash, err := staff.HashPassword(password)
	if err != nil {
		return err
	}
	o.PasswordHash = hash
	return db.Transact(ctx, func(tx *Tx) error { return tx.createOfficer(ctx, o, by) })
}

func (tx *Tx) createOfficer(ctx context.Context, o *staff.Officer, by string) error {
	if _, err := tx.unitByID(ctx, o.UnitID); err != nil {
		return err
	}
	o.ID = NewID()
	o.CreatedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO officers (id, unit_id, username, full_name, title, phone, email, roles, active,
		password_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
		o.ID, o.UnitID, o.Username, o.FullName, o.Title, o.Phone, o.Email, joinRoles(o.Roles), o.Active,
		o.PasswordHash, tx.now.UnixMilli())
	if isUniqueViolation(err) {
		return &apperr.Error{Kind: apperr.Conflict, Field: "username", Message: fmt.Sprintf("tên đăng nhập %s đã được dùng", o.Username), Err: err}
	}
	if err != nil {
		return fmt.Errorf("insert officer %s: %w", o.Username, err)
	}
	if err := tx.setOfficerFields(ctx, o); err != nil {
		return err
	}
	return tx.audit(ctx, by, "officer", o.ID, "create", o.Username)
}

func (tx *Tx) setOfficerFields(ctx context.Context, o *staff.Officer) error {
	if _, err := tx.exec(ctx, `DELETE FROM officer_fields WHERE officer_id = $1`, o.ID); err != nil {
		return fmt.Errorf("officer fields: %w", err)
	}
	for _, f := range o.Fields {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM fields WHERE code = $1`, f).Scan(&n); err != nil {
			return fmt.Errorf("officer fields: %w", err)
		}
		if n == 0 {
			return apperr.Invalidf("fields", "lĩnh vực %q không có trong danh mục", f)
		}
		if _, err := tx.exec(ctx, `INSERT INTO officer_fields (officer_id, field_code) VALUES ($1, $2)`, o.ID, f); err != nil {
			return fmt.Errorf("officer fields: %w", err)
		}
	}
	return nil
}

// UpdateOfficer stores an officer's profile, roles, fields and active flag
// (not the password).
func (db *DB) UpdateOfficer(ctx context.Context, o *staff.Officer, by string) error {
	o.Normalize()
	if err := o.Validate(); err != nil {
		return err
	}
	return db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE officers SET unit_id = $2, full_name = $3, title = $4, phone = $5, email = $6,
			roles = $7, active = $8, updated_at = $9 WHERE id = $1`,
			o.ID, o.UnitID, o.FullName, o.Title, o.Phone, o.Email, joinRoles(o.Roles), o.Active, tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("update officer %s: %w", o.Username, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "không tìm thấy cán bộ %s", o.ID)
		}
		if err := tx.setOfficerFields(ctx, o); err != nil {
			return err
		}
		return tx.audit(ctx, by, "officer", o.ID, "update", o.Username)
	})
}

// SetPassword replaces an officer's password, ends their sessions and
// revokes their API tokens.
func (db *DB) SetPassword(ctx context.Context, officerID, password, by string) error {
	hash, err := staff.HashPassword(password)
	if err != nil {
		return err
	}
	return db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `UPDATE officers SET password_hash = $2, updated_at = $3 WHERE id = $1`,
			officerID, hash, tx.now.UnixMilli()); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if err := tx.revokeAccess(ctx, officerID); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		return tx.audit(ctx, by, "officer", officerID, "password", "")
	})
}

func (db *DB) officerWhere(ctx context.Context, q querier, where string, arg any) (*staff.Officer, error) {
	o, err := scanOfficer(q.QueryRowContext(ctx, `SELECT `+officerColumns+` FROM officers o WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy cán bộ")
	}
	if err != nil {
		return nil, fmt.Errorf("read officer: %w", err)
	}
	if err := db.loadOfficerFields(ctx, q, o); err != nil {
		return nil, err
	}
	return o, nil
}

func (db *DB) loadOfficerFields(ctx context.Context, q querier, o *staff.Officer) error {
	rows, err := q.QueryContext(ctx, `SELECT field_code FROM officer_fields WHERE officer_id = $1 ORDER BY field_code`, o.ID)
	if err != nil {
		return fmt.Errorf("officer fields: %w", err)
	}
	defer rows.Close()
	o.Fields = nil
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return fmt.Errorf("officer fields: %w", err)
		}
		o.Fields = append(o.Fields, f)
	}
	slices.Sort(o.Fields) // by bytes, as SessionByID sorts them, whatever the database's collation
	return rows.Err()
}

// Officer returns an officer by id. Errors: NotFound.
func (db *DB) Officer(ctx context.Context, id string) (*staff.Officer, error) {
	return db.officerWhere(ctx, db.read, `o.id = $1`, id)
}

// OfficerByUsername returns an officer by username. Errors: NotFound.
func (db *DB) OfficerByUsername(ctx context.Context, username string) (*staff.Officer, error) {
	return db.officerWhere(ctx, db.read, `o.username = $1`, strings.ToLower(username))
}

// OfficerFilter selects officers; zero fields do not filter.
type OfficerFilter struct {
	UnitID string
	Role   staff.Role
	Field  string
	Active *bool
}

// Officers lists officers matching f, ordered by name.
func (db *DB) Officers(ctx context.Context, f OfficerFilter) ([]*staff.Officer, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.UnitID != "" {
		where = append(where, "o.unit_id = "+arg(f.UnitID))
	}
	if f.Role != "" {
		where = append(where, "(' ' || o.roles || ' ') LIKE "+arg("% "+string(f.Role)+" %"))
	}
	if f.Field != "" {
		where = append(where, "EXISTS (SELECT 1 FROM officer_fields f WHERE f.officer_id = o.id AND f.field_code = "+arg(f.Field)+")")
	}
	if f.Active != nil {
		where = append(where, "o.active = "+arg(*f.Active))
	}
	q := `SELECT ` + officerColumns + ` FROM officers o`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := db.read.QueryContext(ctx, q+" ORDER BY o.full_name, o.username", args...)
	if err != nil {
		return nil, fmt.Errorf("list officers: %w", err)
	}
	var out []*staff.Officer
	for rows.Next() {
		o, err := scanOfficer(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("list officers: %w", err)
		}
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list officers: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	// the listed officers' fields in one more statement, not one each
	byID := make(map[string]*staff.Officer, len(out))
	for _, o := range out {
		byID[o.ID] = o
	}
	fq := `SELECT f.officer_id, f.field_code FROM officer_fields f JOIN officers o ON o.id = f.officer_id`
	if len(where) > 0 {
		fq += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err = db.read.QueryContext(ctx, fq+" ORDER BY f.officer_id, f.field_code", args...)
	if err != nil {
		return nil, fmt.Errorf("list officers' fields: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, field string
		if err := rows.Scan(&id, &field); err != nil {
			return nil, fmt.Errorf("list officers' fields: %w", err)
		}
		if o := byID[id]; o != nil {
			o.Fields = append(o.Fields, field)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list officers' fields: %w", err)
	}
	return out, nil
}

// Authenticate returns the active officer with this username and password.
// Any mismatch is Unauthenticated with the same message, so that usernames
// cannot be probed.
func (db *DB) Authenticate(ctx context.Context, username, password string) (*staff.Officer, error) {
	o, err := db.OfficerByUsername(ctx, username)
	if apperr.KindOf(err) == apperr.NotFound {
		staff.CheckPassword(dummyHash, password) // spend the same time as a real check
		return nil, apperr.New(apperr.Unauthenticated, "tên đăng nhập hoặc mật khẩu không đúng")
	}
	if err != nil {
		return nil, err
	}
	if !staff.CheckPassword(o.PasswordHash, password) || !o.Active {
		return nil, apperr.New(apperr.Unauthenticated, "tên đăng nhập hoặc mật khẩu không đúng")
	}
	return o, nil
}

// dummyHash is a valid argon2id hash of a random password.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$mSn8sjqa2KI7Z8EoYnxgTg$AjzLzxCpIyKufy76o9Cl4nwPNMZlAHah2StGV+l2BwI"

// CreateToken issues an API token for an officer and returns it; it is
// shown once, and only its hash is stored.
func (db *DB) CreateToken(ctx context.Context, officerID, name, by string) (string, error) {
	token, hash, err := staff.NewToken()
	if err != nil {
		return "", err
	}
	err = db.Transact(ctx, func(tx *Tx) error {
		id := NewID()
		if _, err := tx.exec(ctx, `INSERT INTO api_tokens (id, officer_id, name, token_hash, created_at)
			VALUES ($1, $2, $3, $4, $5)`, id, officerID, name, hash, tx.now.UnixMilli()); err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		return tx.audit(ctx, by, "api_token", id, "create", name)
	})
	return token, err
}

// OfficerByToken returns the active officer holding an unrevoked API token,
// and notes the token's use. The token, the officer and the officer's fields
// are one statement. Errors: Unauthenticated.
func (db *DB) OfficerByToken(ctx context.Context, token string) (*staff.Officer, error) {
	var id string
	var used sql.NullInt64
	var fields sql.NullString
	row := db.read.QueryRowContext(ctx, `SELECT t.id, t.last_used_at, `+db.officerFieldsColumn()+`, `+officerColumns+`
		FROM api_tokens t JOIN officers o ON o.id = t.officer_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND o.active`, staff.HashToken(token))
	o, err := scanOfficer(prefixedRow{row, []any{&id, &used, &fields}})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.Unauthenticated, "mã truy cập API không hợp lệ hoặc đã bị thu hồi")
	}
	if err != nil {
		return nil, fmt.Errorf("read token: %w", err)
	}
	setFields(o, fields)
	if err := db.noteTokenUse(ctx, id, fromMS(used)); err != nil {
		return nil, err
	}
	return o, nil
}

// setFields sets o's fields from the column officerFieldsColumn reads,
// sorted by bytes as loadOfficerFields sorts them.
func setFields(o *staff.Officer, fields sql.NullString) {
	o.Fields = nil
	if fields.String != "" {
		o.Fields = strings.Fields(fields.String)
		slices.Sort(o.Fields)
	}
}

// Session is a logged-in officer's web session.
type Session struct {
	Officer   *staff.Officer
	CSRF      string
	ExpiresAt time.Time
}

// CreateSession stores a session under the hash of the cookie value id.
func (db *DB) CreateSession(ctx context.Context, id, officerID, csrf string, ttl time.Duration) error {
	return db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE expires_at < $1`, tx.now.UnixMilli()); err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		_, err := tx.exec(ctx, `INSERT INTO sessions (id_hash, officer_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
			staff.HashToken(id), officerID, csrf, tx.now.UnixMilli(), tx.now.Add(ttl).UnixMilli())
		if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		return nil
	})
}

// officerFieldsColumn is a column of the field codes of the officer o,
// joined by spaces (a field code has none: catalogue's fieldCodeRE), in no
// particular order; NULL for none.
func (db *DB) officerFieldsColumn() string {
	if db.dialect == Postgres {
		return `(SELECT string_agg(field_code, ' ') FROM officer_fields WHERE officer_id = o.id)`
	}
	return `(SELECT group_concat(field_code, ' ') FROM officer_fields WHERE officer_id = o.id)`
}

// SessionByID returns the live session for a cookie value, with its
// officer and the officer's fields read in the same query: every officer's
// request starts here. Errors: Unauthenticated.
func (db *DB) SessionByID(ctx context.Context, id string) (*Session, error) {
	var csrf string
	var expires sql.NullInt64
	var fields sql.NullString
	row := db.read.QueryRowContext(ctx, `SELECT s.csrf, s.expires_at, `+db.officerFieldsColumn()+`, `+officerColumns+`
		FROM sessions s JOIN officers o ON o.id = s.officer_id WHERE s.id_hash = $1 AND s.expires_at > $2`,
		staff.HashToken(id), db.now().UnixMilli())
	o, err := scanOfficer(prefixedRow{row, []any{&csrf, &expires, &fields}})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.Unauthenticated, "phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại")
	}
	if err != nil {
		return nil, fmt.Errorf("read session: %w", err)
	}
	if !o.Active {
		return nil, apperr.New(apperr.Unauthenticated, "tài khoản đã bị khoá")
	}
	setFields(o, fields)
	return &Session{Officer: o, CSRF: csrf, ExpiresAt: fromMS(expires)}, nil
}

// prefixedRow scans the columns before a row's officer columns into first,
// so that scanOfficer reads the rest.
type prefixedRow struct {
	row   *sql.Row
	first []any
}

func (p prefixedRow) Scan(dest ...any) error {
	return p.row.Scan(append(p.first[:len(p.first):len(p.first)], dest...)...)
}

// DeleteSession ends a session (logout).
func (db *DB) DeleteSession(ctx context.Context, id string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM sessions WHERE id_hash = $1`, staff.HashToken(id))
		if err != nil {
			return fmt.Errorf("delete session: %w", err)
		}
		return nil
	})
}

// Attempts counts the attempts recorded under key since an instant, for
// tests and operations; throttles check and count with ReserveAttempt.
func (db *DB) Attempts(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM attempts WHERE key = $1 AND at >= $2`,
		key, since.UnixMilli()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count login failures: %w", err)
	}
	return n, nil
}
