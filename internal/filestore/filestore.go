// Package filestore keeps the bytes of digitised papers and signed results,
// addressed by their SHA-256, behind one interface with two backends: Disk,
// a directory for a commune's single server, and a table in the database
// (store.DB.Blobs) for a province's several servers, which then need no
// shared disk. A file is checked before anything is written (Prepare): its
// size, its type read from its bytes, and for a PDF the absence of active
// content; a refused upload therefore never touches the disk, and nothing
// is left behind in temporary files.
package filestore

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"

	"rsc.io/pdf"

	"github.com/motcua/motcua/internal/apperr"
)

// Content types a file store accepts.
const (
	TypePDF  = "application/pdf"
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
)

// Blob describes stored bytes.
type Blob struct {
	SHA256      string // lowercase hex of the bytes, their address
	Size        int64
	ContentType string
}

// Store keeps content-addressed bytes. Put of bytes already stored is a
// no-op; Get checks the bytes against their SHA-256 and fails with
// ErrCorrupt rather than return altered bytes.
type Store interface {
	Put(ctx context.Context, f *File) error
	Get(ctx context.Context, sha string) (Blob, []byte, error)
	Has(ctx context.Context, sha string) (bool, error)
	// Walk calls fn with every stored blob's address, in no set order.
	Walk(ctx context.Context, fn func(sha string) error) error
}

// ErrCorrupt is returned when stored bytes no longer match their SHA-256.
var ErrCorrupt = errors.New("stored file does not match its SHA-256")

// Limits bound an upload.
type Limits struct {
	MaxBytes int64 // 0: DefaultMaxBytes
	MaxPages int   // 0: DefaultMaxPages
}

const (
	DefaultMaxBytes = 20 << 20
	DefaultMaxPages = 200
)

// File is an upload that passed the checks, ready to Put.
type File struct {
	Blob
	Pages int
	Data  []byte
}

// Prepare reads an upload (at most lim.MaxBytes) and checks it: a PDF,
// JPEG or PNG by its bytes, whatever its name; a PDF that parses, has at
// most lim.MaxPages pages and carries no JavaScript, launch action or
// embedded file. field names the form field in errors. Nothing is written.
func Prepare(r io.Reader, lim Limits, field string) (*File, error) {
	if lim.MaxBytes <= 0 {
		lim.MaxBytes = DefaultMaxBytes
	}
	if lim.MaxPages <= 0 {
		lim.MaxPages = DefaultMaxPages
	}
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, err, "không đọc được tệp tải lên")
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, apperr.Invalidf(field, "tệp lớn quá %d MB", lim.MaxBytes>>20)
	}
	return Check(data, lim, field)
}

// Check is Prepare for bytes already in memory.
func Check(data []byte, lim Limits, field string) (*File, error) {
	if lim.MaxPages <= 0 {
		lim.MaxPages = DefaultMaxPages
	}
	if lim.MaxBytes > 0 && int64(len(data)) > lim.MaxBytes {
		return nil, apperr.Invalidf(field, "tệp lớn quá %d MB", lim.MaxBytes>>20)
	}
	ct, ok := Detect(data)
	if !ok {
		return nil, apperr.Invalidf(field, "tệp không phải PDF, JPG hoặc PNG (kiểm tra theo nội dung tệp, không theo tên)")
	}
	f := &File{Blob: Blob{SHA256: Sum(data), Size: int64(len(data)), ContentType: ct}, Pages: 1, Data: data}
	if ct != TypePDF {
		return f, nil
	}
	if what := ActiveContent(data); what != "" {
		return nil, apperr.Invalidf(field, "tệp PDF có %s: không nhận tệp có nội dung tự chạy hoặc tệp đính kèm", what)
	}
	n, err := PageCount(data)
	if err != nil {
		return nil, apperr.Invalidf(field, "tệp PDF bị hỏng, không đọc được: %v", err)
	}
	if n > lim.MaxPages {
		return nil, apperr.Invalidf(field, "tệp PDF có %d trang, quá %d trang", n, lim.MaxPages)
	}
	f.Pages = n
	return f, nil
}

// Sum is the lowercase hex SHA-256 of data.
func Sum(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// Detect returns the content type of a document from its first bytes:
// PDF, JPEG or PNG, and false for anything else.
func Detect(head []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return TypePDF, true
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return TypeJPEG, true
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return TypePNG, true
	}
	return "", false
}

// PageCount returns the number of pages of a PDF.
func PageCount(data []byte) (n int, err error) {
	defer func() {
		if p := recover(); p != nil { // rsc.io/pdf panics on some malformed files
			n, err = 0, fmt.Errorf("malformed PDF: %v", p)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0, err
	}
	n = r.NumPage()
	if n < 1 {
		return 0, errors.New("no page")
	}
	return n, nil
}

var (
	nameRE   = regexp.MustCompile(`/[^\s/<>\[\]()%{}]+`)
	streamRE = regexp.MustCompile(`stream\r?\n`)
	// active maps the PDF names that make a document run something or carry
	// another file to what is said about them.
	active = map[string]string{
		"JavaScript": "JavaScript", "JS": "JavaScript", "Launch": "lệnh chạy chương trình",
		// (not EmbeddedFiles: fpdf writes an empty name tree of that name)
		"EmbeddedFile": "tệp đính kèm", "EF": "tệp đính kèm", "RichMedia": "nội dung đa phương tiện",
		"XFA": "biểu mẫu XFA",
	}
)

// ActiveContent returns what active content a PDF carries (JavaScript,
// launch actions, embedded files), or "" for none. Names are read with
// their #xx escapes decoded, in the file and in its compressed streams
// (object streams hide dictionaries there).
func ActiveContent(data []byte) string {
	if what := activeNames(data); what != "" {
		return what
	}
	budget := 64 << 20 // inflate at most this much, against zip bombs
	for _, loc := range streamRE.FindAllIndex(data, -1) {
		zr, err := zlib.NewReader(bytes.NewReader(data[loc[1]:]))
		if err != nil {
			continue
		}
		var buf bytes.Buffer
		n, _ := io.Copy(&buf, io.LimitReader(zr, int64(budget)))
		budget -= int(n)
		if what := activeNames(buf.Bytes()); what != "" {
			return what
		}
		if budget <= 0 {
			return "luồng nén quá lớn"
		}
	}
	return ""
}

func activeNames(b []byte) string {
	for _, m := range nameRE.FindAll(b, -1) {
		name := decodeName(m[1:])
		if what, ok := active[name]; ok {
			return what
		}
	}
	return ""
}

// decodeName undoes a PDF name's #xx escapes.
func decodeName(n []byte) string {
	if !bytes.ContainsRune(n, '#') {
		return string(n)
	}
	var out []byte
	for i := 0; i < len(n); i++ {
		if n[i] == '#' && i+2 < len(n) {
			if v, err := hex.DecodeString(string(n[i+1 : i+3])); err == nil {
				out = append(out, v[0])
				i += 2
				continue
			}
		}
		out = append(out, n[i])
	}
	return string(out)
}
