package api

// The online supplement over the API (docs/ux.md): what the status page
// sends, for a client of the applicant's (the national portal's app, a
// kiosk). The same store call (store.DB.SupplementOnline), behind the same
// guarded lookup (the code and the last four digits, throttled per address
// and per code) and the web's anonymous upload allowance per address.

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/store"
)

// supplementUploadsPerHour is the anonymous upload allowance per address,
// shared with the web's forms (key "upload:<address>").
const supplementUploadsPerHour = 60

// supplement records the applicant's online supplement: a
// multipart/form-data body with last4, key (the client's idempotency key:
// the same key again returns the dossier and records nothing), note, and a
// file per item of the latest request, named items.N (N from 0).
func (a *API) supplement(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "multipart/form-data" {
		return apperr.New(apperr.Invalid, "nội dung phải là multipart/form-data (last4, key, note và các tệp items.N)")
	}
	ip := middleware.ClientIP(r)
	if _, err := a.db.ReserveAttempt(ctx, "Đã có quá nhiều lượt gửi tệp từ địa chỉ này trong một giờ. Vui lòng thử lại sau.",
		store.Allowance{Key: "upload:" + ip, Max: supplementUploadsPerHour, Window: time.Hour}); err != nil {
		return err
	}
	limit := a.maxUpload()*store.MaxSupplementFiles + 1<<20
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	err := r.ParseMultipartForm(1 << 20)
	if errors.As(err, new(*http.MaxBytesError)) {
		return apperr.New(apperr.Invalid, "nội dung yêu cầu vượt quá %d MB", limit>>20)
	}
	if err != nil {
		return apperr.Wrap(apperr.Invalid, err, "không đọc được nội dung multipart/form-data")
	}
	defer r.MultipartForm.RemoveAll()
	if field, ok := middleware.CheckValues(r.MultipartForm.Value); !ok {
		return apperr.Invalidf(field, "trường %q chứa ký tự không hợp lệ (ký tự NUL hoặc không phải UTF-8)", field)
	}
	d, _, err := a.db.LookupGuarded(ctx, r.PathValue("code"), r.FormValue("last4"), ip)
	if err != nil {
		return err
	}
	var files []store.NewFile
	for field, fhs := range r.MultipartForm.File {
		n, ok := strings.CutPrefix(field, "items.")
		item, err := strconv.Atoi(n)
		if !ok || err != nil || item < 0 || len(fhs) != 1 {
			return apperr.Invalidf(field, "tệp phải gửi trong trường items.N (N là số thứ tự mục được yêu cầu, từ 0), một tệp mỗi mục")
		}
		fh := fhs[0]
		if !middleware.ValidText(fh.Filename) {
			return apperr.Invalidf(field, "tên tệp chứa ký tự không hợp lệ")
		}
		if fh.Size > a.maxUpload() {
			return apperr.Invalidf(field, "tệp lớn hơn %d MB", a.maxUpload()>>20)
		}
		f, err := fh.Open()
		if err != nil {
			return apperr.Wrap(apperr.Invalid, err, "không đọc được tệp %s", field)
		}
		data, err := io.ReadAll(io.LimitReader(f, a.maxUpload()+1))
		f.Close()
		if err != nil {
			return apperr.Wrap(apperr.Invalid, err, "không đọc được tệp %s", field)
		}
		files = append(files, store.NewFile{Component: item, Name: fh.Filename, Data: data})
	}
	slices.SortFunc(files, func(x, y store.NewFile) int { return x.Component - y.Component })
	d, err = a.db.SupplementOnline(ctx, d.Code, store.SupplementRequest{Key: r.FormValue("key"), Note: r.FormValue("note"), Files: files})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, publicView(d, nil))
}
