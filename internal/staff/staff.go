// Package staff describes the officers of a unit, their roles and the fields
// they own, and how they prove who they are (passwords, API tokens).
package staff

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/textfold"
)

// Role is what an officer may do.
type Role string

const (
	Admin      Role = "admin"      // procedures, fees, staff, holidays, templates
	Leader     Role = "leader"     // approves and signs; reassigns
	Reception  Role = "reception"  // receives dossiers, returns results, takes fees
	Specialist Role = "specialist" // processes dossiers of the fields they own
)

// Roles lists every role in display order.
var Roles = []Role{Admin, Leader, Reception, Specialist}

// Label is the Vietnamese name of the role.
func (r Role) Label() string {
	switch r {
	case Admin:
		return "Quản trị"
	case Leader:
		return "Lãnh đạo"
	case Reception:
		return "Tiếp nhận và trả kết quả"
	case Specialist:
		return "Chuyên viên"
	}
	return string(r)
}

// Officer is a civil servant of a unit who uses motcua. It carries no JSON
// tags: the API shows it through its own view (internal/api/views_staff.go).
type Officer struct {
	ID           string
	UnitID       string
	Username     string
	FullName     string
	Title        string // e.g. "Công chức Tư pháp - Hộ tịch"
	Phone        string
	Email        string
	Roles        []Role
	Fields       []string // field codes a specialist owns
	Active       bool
	PasswordHash string `json:"-"` // kept: a hash must never be marshalled by accident
	CreatedAt    time.Time
}

// Has reports whether the officer holds role r.
func (o *Officer) Has(r Role) bool { return slices.Contains(o.Roles, r) }

// HasAny reports whether the officer holds any of the roles.
func (o *Officer) HasAny(rs ...Role) bool {
	for _, r := range rs {
		if o.Has(r) {
			return true
		}
	}
	return false
}

// Owns reports whether the officer is a specialist owning field code f.
func (o *Officer) Owns(f string) bool { return o.Has(Specialist) && slices.Contains(o.Fields, f) }

// Normalize NFC-normalises text, lower-cases the username and sorts roles and fields.
func (o *Officer) Normalize() {
	o.Username = strings.ToLower(textfold.NFC(o.Username))
	o.FullName = textfold.NFC(o.FullName)
	o.Title = textfold.NFC(o.Title)
	o.Phone = textfold.NFC(o.Phone)
	o.Email = textfold.NFC(o.Email)
	slices.Sort(o.Roles)
	o.Roles = slices.Compact(o.Roles)
	slices.Sort(o.Fields)
	o.Fields = slices.Compact(o.Fields)
}

// Validate checks the officer's own fields (not that the unit or fields exist).
func (o *Officer) Validate() error {
	f := apperr.Fields{}
	if o.UnitID == "" {
		f.Add("unit_id", "đơn vị là bắt buộc")
	}
	if len(o.Username) < 3 || strings.ContainsAny(o.Username, " \t:/") {
		f.Add("username", "tên đăng nhập %q phải có ít nhất 3 ký tự, không chứa khoảng trắng", o.Username)
	}
	if o.FullName == "" {
		f.Add("full_name", "họ và tên là bắt buộc")
	}
	if len(o.Roles) == 0 {
		f.Add("roles", "cần ít nhất một vai trò")
	}
	for _, r := range o.Roles {
		if !slices.Contains(Roles, r) {
			f.Add("roles", "vai trò %q không tồn tại (admin, leader, reception, specialist)", r)
		}
	}
	if len(o.Fields) > 0 && !o.Has(Specialist) {
		f.Add("fields", "chỉ chuyên viên mới phụ trách lĩnh vực")
	}
	return f.Err()
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 8

// argon2id parameters (RFC 9106 second recommended option, lighter memory
// so that a small commune machine can log a few officers in at once).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// newHashCost is the argon2id cost of new hashes: the constants above,
// unless a test binary lowered it (CheapHashesInTests). Checking a hash
// always uses the parameters written in it.
var newHashCost = struct{ time, memory uint32 }{argonTime, argonMemory}

// CheapHashesInTests makes the password hashes made from now on cheap to
// compute and check (1 pass over 64 KiB instead of 2 over 19 MiB). Every
// login of a test verifies one, and a test binary logs in hundreds of times:
// at full cost the hashing and the collection of its memory took a quarter
// of the web tests' CPU, which Chromium needs. It panics outside a test
// binary, so a deployment never makes a cheap hash.
func CheapHashesInTests() {
	if !testing.Testing() {
		panic("staff.CheapHashesInTests called outside a test binary")
	}
	newHashCost.time, newHashCost.memory = 1, 64
}

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(password string) (string, error) {
	if len([]rune(password)) < MinPasswordLength {
		return "", apperr.Invalidf("password", "mật khẩu phải có ít nhất %d ký tự", MinPasswordLength)
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("read salt: %w", err)
	}
	cost := newHashCost
	key := argon2.IDKey([]byte(password), salt, cost.time, cost.memory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, cost.memory, cost.time, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches the PHC-format hash.
// A malformed hash never matches.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var mem, iters uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &iters, &threads); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, iters, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// TokenPrefix starts every API token, so that a leaked one is easy to find.
const TokenPrefix = "mct_"

// NewToken returns a new API token and the hash under which it is stored.
// The token itself is shown once and never stored.
func NewToken() (token, hash string, err error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("read token: %w", err)
	}
	token = TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken is the stored form of an API token or session id: SHA-256, hex.
// Tokens are 192-bit random, so a fast hash is enough.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
