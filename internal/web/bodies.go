package web

import (
	"errors"
	"mime"
	"net/http"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/store"
)

// uploadForms are the forms that carry files, with how many files each may
// carry at most; the body is bounded by that many files at the upload limit.
// Every other POST is read with at most maxSmallBody bytes, in memory, and
// may carry no file.
var uploadForms = map[string]int64{
	"POST /nop-ho-so/{code}":    maxFilesPerForm, // online submission: the components' documents
	"POST /can-bo/tin-tuc":      1,               // a new article's image
	"POST /can-bo/tin-tuc/{id}": 1,               // an article's new image
}

const (
	// maxSmallBody bounds the body of a form without files (login, actions...).
	maxSmallBody = 1 << 20
	// Anonymous uploads (online submissions) are throttled by address: at
	// most maxUploadsAtOnce bodies being read at once, and uploadsPerHour
	// forms an hour.
	maxUploadsAtOnce = 2
	uploadsPerHour   = 60
)

// uploadGate counts the anonymous upload bodies being read, per address.
type uploadGate struct {
	mu       sync.Mutex
	inFlight map[string]int
}

func newUploadGate() *uploadGate { return &uploadGate{inFlight: map[string]int{}} }

// enter takes a place for ip, or reports false when it has none left.
func (g *uploadGate) enter(ip string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.inFlight[ip] >= maxUploadsAtOnce {
		return false
	}
	g.inFlight[ip]++
	return true
}

func (g *uploadGate) leave(ip string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.inFlight[ip]--; g.inFlight[ip] <= 0 {
		delete(g.inFlight, ip)
	}
}

// readForm reads a multipart body before the handler runs, bounded by the
// route: a form with files up to every file at the upload limit, any other
// form to maxSmallBody, in memory and without files. Its values and file
// names are checked as the middleware checks url-encoded forms. A
// url-encoded body was already read by the middleware. The caller removes
// the multipart temporary files when the request ends (removeMultipart),
// whatever happened.
func (s *Server) readForm(w http.ResponseWriter, r *http.Request, files int64) error {
	if !isMultipart(r) || r.MultipartForm != nil {
		return nil
	}
	var err error
	limit := int64(maxSmallBody)
	if files > 0 {
		limit = s.opt.MaxUpload*files + 1<<20
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		err = r.ParseMultipartForm(1 << 20)
	} else {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		err = r.ParseMultipartForm(2 * maxSmallBody) // larger than the body: nothing is spooled to disk
	}
	if errors.As(err, new(*http.MaxBytesError)) {
		return apperr.New(apperr.Invalid, "Tổng dung lượng biểu mẫu vượt quá %d MB. Vui lòng giảm kích thước tệp và gửi lại.", max(limit>>20, 1))
	}
	if err != nil {
		return apperr.Wrap(apperr.Invalid, err, "Không đọc được biểu mẫu gửi lên. Vui lòng tải lại trang và thử lại.")
	}
	if files == 0 && len(r.MultipartForm.File) > 0 {
		return apperr.New(apperr.Invalid, "Biểu mẫu này không nhận tệp đính kèm.")
	}
	if field, ok := middleware.CheckValues(r.MultipartForm.Value); !ok {
		return apperr.Invalidf(field, "Trường %q chứa ký tự không hợp lệ (ký tự NUL hoặc không phải UTF-8).", field)
	}
	for field, fhs := range r.MultipartForm.File {
		for _, fh := range fhs {
			if !middleware.ValidText(field) || !middleware.ValidText(fh.Filename) {
				return apperr.Invalidf(field, "Tên tệp chứa ký tự không hợp lệ (ký tự NUL hoặc không phải UTF-8).")
			}
		}
	}
	return nil
}

// removeMultipart deletes the temporary files of r's multipart form. The
// server cleans only the request it created, not the copies the middleware
// made (WithContext), so a form parsed here must be cleaned here.
func removeMultipart(r *http.Request) {
	if r.MultipartForm != nil {
		r.MultipartForm.RemoveAll()
	}
}

// admitUpload throttles an anonymous upload by its address before its body
// is read: too many at once, or too many this hour, is Throttled. The
// returned function gives the place back.
func (s *Server) admitUpload(r *http.Request) (func(), error) {
	ip := middleware.ClientIP(r)
	if !s.uploads.enter(ip) {
		return nil, apperr.New(apperr.Throttled, "Địa chỉ của bạn đang gửi nhiều hồ sơ cùng lúc. Vui lòng đợi hồ sơ trước gửi xong rồi thử lại.")
	}
	_, err := s.db.ReserveAttempt(r.Context(), "Đã có quá nhiều lượt gửi tệp từ địa chỉ này trong một giờ. Vui lòng thử lại sau.",
		store.Allowance{Key: "upload:" + ip, Max: uploadsPerHour, Window: time.Hour})
	if err != nil {
		s.uploads.leave(ip)
		return nil, err
	}
	return func() { s.uploads.leave(ip) }, nil
}

// readPost checks a POST's CSRF token and reads its body, in the order that
// reads least: a token in a header or the query is checked before the body
// is read; one in the body after. An anonymous upload is throttled first.
func (s *Server) readPost(w http.ResponseWriter, r *http.Request, p *middleware.Principal, files int64) error {
	if files > 0 && p == nil {
		done, err := s.admitUpload(r)
		if err != nil {
			return err
		}
		defer done()
	}
	early := r.Header.Get("X-CSRF-Token") != "" || isMultipart(r) && r.URL.Query().Get(csrfField) != ""
	if early {
		if err := s.checkCSRF(r); err != nil {
			return err
		}
	}
	if err := s.readForm(w, r, files); err != nil {
		return err
	}
	if !early {
		return s.checkCSRF(r)
	}
	return nil
}

// isMultipart reports whether r's body is a multipart form.
func isMultipart(r *http.Request) bool {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ct == "multipart/form-data"
}
