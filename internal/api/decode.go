package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
)

// maxBody bounds every JSON request body.
const maxBody = 1 << 20

// decode reads a JSON body strictly into v: unknown keys and trailing data
// are errors, and so are text that is not UTF-8 and a NUL character
// anywhere (PostgreSQL cannot store one, and no form field needs it). Every
// error is Invalid with a Vietnamese message naming the field and the type
// expected where the decoder knows them; the decoder's own text, which quotes
// Go type names and the caller's bytes, is kept for the logs only.
func decode(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return apperr.New(apperr.Invalid, "nội dung phải là application/json")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return apperr.Wrap(apperr.Invalid, err, "không đọc được nội dung yêu cầu")
	}
	if len(body) > maxBody {
		return apperr.New(apperr.Invalid, "nội dung yêu cầu dài quá %d byte", maxBody)
	}
	if err := checkText(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if dec.More() {
		return apperr.New(apperr.Invalid, "JSON không hợp lệ: có dữ liệu thừa sau đối tượng")
	}
	return nil
}

// checkText refuses a body that is not UTF-8 or that carries a NUL or an
// unpaired surrogate (the decoder would turn the latter into U+FFFD and
// store a character nobody typed), naming the field when the JSON parses.
func checkText(body []byte) error {
	if !utf8.Valid(body) {
		return apperr.New(apperr.Invalid, "nội dung không phải văn bản UTF-8 hợp lệ; hãy gửi JSON mã hoá UTF-8")
	}
	if bytes.IndexByte(body, 0) >= 0 {
		return apperr.New(apperr.Invalid, "nội dung chứa ký tự NUL (\\u0000), không được chấp nhận")
	}
	var tree any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&tree); err != nil {
		return nil // the strict decode names the syntax error
	}
	// A replacement character the caller did not send comes from a lone surrogate escape.
	sent := bytes.Contains(body, []byte("\uFFFD")) || bytes.Contains(bytes.ToLower(body), []byte(`\ufffd`))
	return walkText(tree, "", sent)
}

func walkText(v any, path string, replacementSent bool) error {
	check := func(s, field string) error {
		switch {
		case strings.IndexByte(s, 0) >= 0:
			return textError(field, "chứa ký tự NUL (\\u0000), không được chấp nhận")
		case !replacementSent && strings.ContainsRune(s, utf8.RuneError):
			return textError(field, "chứa ký tự không hợp lệ (mã thay thế nửa cặp UTF-16), hãy gửi văn bản UTF-8 hợp lệ")
		}
		return nil
	}
	switch t := v.(type) {
	case string:
		return check(t, path)
	case []any:
		for i, e := range t {
			if err := walkText(e, join(path, strconv.Itoa(i)), replacementSent); err != nil {
				return err
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if err := check(k, join(path, "(tên trường)")); err != nil {
				return err
			}
			if err := walkText(t[k], join(path, k), replacementSent); err != nil {
				return err
			}
		}
	}
	return nil
}

func textError(field, msg string) error {
	if field == "" {
		return apperr.New(apperr.Invalid, "nội dung %s", msg)
	}
	return apperr.Invalidf(field, "trường %s %s", field, msg)
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// decodeError turns the JSON decoder's error into a safe message.
func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return apperr.Wrap(apperr.Invalid, err, "JSON không hợp lệ: lỗi cú pháp ở vị trí %d", syn.Offset)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return apperr.Wrap(apperr.Invalid, err, "JSON không hợp lệ: nội dung phải là %s", typeName(typ.Type.Kind().String()))
		}
		return &apperr.Error{Kind: apperr.Invalid, Field: field, Err: err,
			Message: "trường " + field + " phải là " + typeName(typ.Type.Kind().String()) + ", không phải " + jsonKind(typ.Value)}
	case errors.Is(err, io.EOF):
		return apperr.Wrap(apperr.Invalid, err, "nội dung yêu cầu trống: cần một đối tượng JSON")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return apperr.Wrap(apperr.Invalid, err, "JSON không hợp lệ: nội dung bị cắt giữa chừng")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if n, err2 := strconv.Unquote(name); err2 == nil && len(n) <= 64 && printableName(n) {
			return &apperr.Error{Kind: apperr.Invalid, Field: n, Err: err, Message: "trường " + strconv.Quote(n) + " không có trong API này"}
		}
		return apperr.Wrap(apperr.Invalid, err, "JSON có một trường không có trong API này")
	}
	return apperr.Wrap(apperr.Invalid, err, "JSON không hợp lệ")
}

func printableName(s string) bool {
	for _, r := range s {
		if !(r == '_' || r == '-' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// typeName names a Go kind as the JSON the caller should send.
func typeName(kind string) string {
	switch kind {
	case "string":
		return "chuỗi"
	case "bool":
		return "true hoặc false"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "số nguyên"
	case "float32", "float64":
		return "số"
	case "slice", "array":
		return "mảng"
	case "map", "struct":
		return "đối tượng"
	}
	return "giá trị hợp lệ"
}

// jsonKind names the JSON value the decoder found, from its description
// ("string", "number", "number 1.5", "bool", "array", "object").
func jsonKind(v string) string {
	switch {
	case v == "string":
		return "chuỗi"
	case strings.HasPrefix(v, "number"):
		return "số (hoặc số nằm ngoài giới hạn)"
	case v == "bool":
		return "true/false"
	case v == "array":
		return "mảng"
	case v == "object":
		return "đối tượng"
	}
	return "giá trị khác"
}
