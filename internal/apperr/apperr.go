// Package apperr is motcua's small error vocabulary. Every error that crosses
// a package boundary towards a user carries a Kind, a message that is safe to
// show (Vietnamese, since officers and citizens read it), optionally the name
// of the input field it concerns, and the internal cause underneath.
//
// Delivery code (web, api, cli) maps a Kind to a status once; only Internal
// errors are logged there, and their cause is never shown.
package apperr

import (
	"errors"
	"fmt"
	"slices"
)

// Kind classifies an error for delivery.
type Kind int

const (
	Internal        Kind = iota // a bug or an outage: logged, shown as a generic message
	Invalid                     // the input is wrong: 400 / 422
	NotFound                    // 404
	Conflict                    // the state does not allow it, or a duplicate: 409
	Forbidden                   // authenticated but not allowed: 403
	Unauthenticated             // who are you: 401
	Throttled                   // too many attempts, try later: 429
)

func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid"
	case NotFound:
		return "not_found"
	case Conflict:
		return "conflict"
	case Forbidden:
		return "forbidden"
	case Unauthenticated:
		return "unauthenticated"
	case Throttled:
		return "throttled"
	}
	return "internal"
}

// Error is an error with a kind and a public message.
type Error struct {
	Kind    Kind
	Message string // safe to show to the user
	Field   string // the input field it concerns, if any
	Err     error  // the cause, for logs
}

func (e *Error) Error() string {
	msg := e.Message
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		return msg + ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of kind k with a public message.
func New(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an error of kind k with a public message and an internal cause.
func Wrap(k Kind, err error, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...), Err: err}
}

// Invalidf is an Invalid error about one input field.
func Invalidf(field, format string, args ...any) *Error {
	return &Error{Kind: Invalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of the first *Error in err's chain, or Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// PublicMessage returns the message safe to show for err: the public message
// of its *Error, or a generic one for internal failures.
func PublicMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal {
		return e.Message
	}
	return "Hệ thống đang gặp sự cố, vui lòng thử lại sau."
}

// FieldOf returns the input field the error concerns, if any.
func FieldOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// Fields collects several field errors, for forms that report every problem at once.
type Fields map[string]string

// Add records a message for a field, keeping the first one.
func (f Fields) Add(field, format string, args ...any) {
	if _, ok := f[field]; !ok {
		f[field] = fmt.Sprintf(format, args...)
	}
}

// Err returns nil when no field has a problem, or an Invalid *FieldsError.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &FieldsError{Fields: f}
}

// FieldsError is an Invalid error with one message per input field. Keys,
// when set, gives a field's message as a key and its arguments, so that
// delivery code can render it in the reader's language (the web's message
// tables); Fields always holds the Vietnamese text, for everyone else.
type FieldsError struct {
	Fields Fields
	Keys   map[string]Msg
}

// Msg is a message key with the arguments of its format.
type Msg struct {
	Key  string
	Args []any
}

// Problems collects field errors that carry a message key beside their
// Vietnamese text: the domain's validation uses it, the web renders the key
// in the page's language and the API shows the text.
type Problems struct {
	fields Fields
	keys   map[string]Msg
}

// Add records a problem with field, keeping the first one: key names the
// message (e.g. "val.name.too_long"), vi is its Vietnamese format.
func (p *Problems) Add(field, key, vi string, args ...any) {
	if p.fields == nil {
		p.fields, p.keys = Fields{}, map[string]Msg{}
	}
	if _, ok := p.fields[field]; ok {
		return
	}
	p.fields[field] = fmt.Sprintf(vi, args...)
	p.keys[field] = Msg{Key: key, Args: args}
}

// Has reports whether field has a problem.
func (p *Problems) Has(field string) bool {
	_, ok := p.fields[field]
	return ok
}

// Len is the number of fields with a problem.
func (p *Problems) Len() int { return len(p.fields) }

// Err returns nil when there is no problem, or an Invalid *FieldsError.
func (p *Problems) Err() error {
	if len(p.fields) == 0 {
		return nil
	}
	return &FieldsError{Fields: p.fields, Keys: p.keys}
}

func (e *FieldsError) Error() string {
	s := "dữ liệu không hợp lệ:"
	for _, k := range sortedKeys(e.Fields) {
		s += " " + k + ": " + e.Fields[k] + ";"
	}
	return s
}

// As lets errors.As find an *Error of kind Invalid in a FieldsError.
func (e *FieldsError) As(target any) bool {
	if t, ok := target.(**Error); ok {
		*t = &Error{Kind: Invalid, Message: "Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu."}
		return true
	}
	return false
}

func sortedKeys(m Fields) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// statuses is the one table from kinds to HTTP status codes, for the web
// pages and the API alike. apperr is a domain package and may not import
// net/http, hence the numbers; the names are in the comments.
var statuses = map[Kind]int{
	Invalid:         422, // Unprocessable Entity: understood, but a value is wrong
	NotFound:        404,
	Conflict:        409,
	Forbidden:       403,
	Unauthenticated: 401,
	Throttled:       429, // Too Many Requests
	Internal:        500,
}

// HTTPStatus returns the HTTP status code of an error of kind k for the JSON
// API; 500 for Internal and any kind the table lacks.
func HTTPStatus(k Kind) int {
	if s, ok := statuses[k]; ok {
		return s
	}
	return 500
}

// PageStatus returns the HTTP status code of an error of kind k for a web
// page: the same table, except that Invalid is 400, the status of every
// form shown again with its messages.
func PageStatus(k Kind) int {
	if k == Invalid {
		return 400
	}
	return HTTPStatus(k)
}
