package unit

import (
	"bytes"
	"embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/textfold"
)

// The official lists for Lâm Đồng (the demo's province), cut from the
// national files with their format unchanged; docs/units-2025.md says where
// the national files come from.
//
//go:embed data/lam_dong-communes-2025-07.json data/lam_dong-conversion-2025-07.csv
var shipped embed.FS

// ShippedLamDong returns the embedded lists of Lâm Đồng: the communes file
// and the conversion table.
func ShippedLamDong() (communes, conversion []byte) {
	c, err1 := shipped.ReadFile("data/lam_dong-communes-2025-07.json")
	v, err2 := shipped.ReadFile("data/lam_dong-conversion-2025-07.csv")
	if err := errors.Join(err1, err2); err != nil {
		panic(err) // the files are embedded: missing means a broken build
	}
	return c, v
}

// ImportProblem is one malformed row of an import file.
type ImportProblem struct {
	File    string // "communes" or "conversion"
	Line    int    // 1-based
	Message string
}

func (p ImportProblem) String() string {
	return fmt.Sprintf("%s line %d: %s", p.File, p.Line, p.Message)
}

// ImportError lists every malformed row; an import that returns it stores
// nothing.
type ImportError struct{ Problems []ImportProblem }

func (e *ImportError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.String()
	}
	return "invalid unit lists: " + strings.Join(msgs, "; ")
}

// NewUnit is a commune-level unit of the structure in force from 1 July 2025.
type NewUnit struct {
	NSOCode string
	Name    string
	Kind    Kind
}

// FormerUnit is a commune-level unit that ended on 30 June 2025.
type FormerUnit struct {
	NSOCode  string
	Name     string
	Kind     Kind
	District string // e.g. "Huyện Đạ Huoai (682)"
	Province string // e.g. "Tỉnh Lâm Đồng (68)"
}

// DistrictName is the former unit's district without its code:
// "Huyện Đạ Huoai (682)" gives "Huyện Đạ Huoai".
func (f FormerUnit) DistrictName() string {
	if m := provinceCell.FindStringSubmatch(f.District); m != nil {
		return m[1]
	}
	if name, _, ok := strings.Cut(f.District, " ("); ok {
		return name
	}
	return f.District
}

// PlanLink says that the former unit with code Former became (whole or part
// of) the new unit with code New on 1 July 2025.
type PlanLink struct {
	Former, New string // NSO codes
	Whole       bool
	Note        string
}

// ImportPlan is one province's units from the official lists, checked.
type ImportPlan struct {
	ProvinceCode string // NSO code, e.g. "68"
	ProvinceName string // e.g. "Tỉnh Lâm Đồng"
	New          []NewUnit
	Former       []FormerUnit // each once, in order of first appearance
	Links        []PlanLink
	Skipped      int // official rows with no former commune (a whole district, an area)
}

// ProvinceKey folds a province's name or codename to the key both files
// share: "Tỉnh Lâm Đồng", "lam_dong" and "Lâm Đồng" all give "lam_dong".
func ProvinceKey(s string) string {
	k := textfold.Fold(strings.TrimSpace(strings.ReplaceAll(s, "_", " ")))
	for _, p := range []string{"tinh ", "thanh pho "} {
		k = strings.TrimPrefix(k, p)
	}
	return strings.Join(strings.Fields(k), "_")
}

// PlanImport reads the communes file (JSON) and the conversion table (CSV)
// and keeps the rows of one province (any spelling ProvinceKey accepts). Every
// malformed row of that province is reported, with its line, in an
// *ImportError; a province with no row is an error too.
func PlanImport(communes, conversion []byte, province string) (*ImportPlan, error) {
	key := ProvinceKey(province)
	plan := &ImportPlan{}
	var probs []ImportProblem
	newCodes := map[string]bool{}
	probs = append(probs, plan.readCommunes(communes, key, newCodes)...)
	probs = append(probs, plan.readConversion(conversion, key, newCodes)...)
	if len(probs) > 0 {
		return nil, &ImportError{Problems: probs}
	}
	if len(plan.New) == 0 {
		return nil, &ImportError{Problems: []ImportProblem{{File: "communes", Line: 1,
			Message: fmt.Sprintf("không có xã, phường nào của tỉnh %q", province)}}}
	}
	if plan.ProvinceCode == "" {
		return nil, &ImportError{Problems: []ImportProblem{{File: "conversion", Line: 1,
			Message: fmt.Sprintf("bảng chuyển đổi không có dòng nào của tỉnh %q", province)}}}
	}
	return plan, nil
}

type communeRow struct {
	Code         *int   `json:"code"`
	Name         string `json:"name"`
	ProvinceName string `json:"province_name"`
	ProvinceCode string `json:"province_codename"`
}

func (plan *ImportPlan) readCommunes(data []byte, key string, codes map[string]bool) []ImportProblem {
	var probs []ImportProblem
	dec := json.NewDecoder(bytes.NewReader(data))
	bad := func(off int64, format string, args ...any) {
		probs = append(probs, ImportProblem{File: "communes", Line: lineAt(data, off), Message: fmt.Sprintf(format, args...)})
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		bad(dec.InputOffset(), "tệp phải là một mảng JSON")
		return probs
	}
	for dec.More() {
		off := skipSpace(data, dec.InputOffset())
		var r communeRow
		if err := dec.Decode(&r); err != nil {
			bad(off, "JSON không hợp lệ: %v", err)
			return probs
		}
		pk := r.ProvinceCode
		if pk == "" {
			pk = r.ProvinceName
		}
		if ProvinceKey(pk) != key {
			continue
		}
		name := cleanName(r.Name)
		kind, ok := newKind(name)
		switch {
		case r.Code == nil || *r.Code <= 0 || *r.Code > 99999:
			bad(off, "mã thống kê (code) thiếu hoặc không hợp lệ")
		case !ok:
			bad(off, "tên %q không bắt đầu bằng Xã, Phường hoặc Đặc khu", r.Name)
		default:
			code := fmt.Sprintf("%05d", *r.Code)
			if codes[code] {
				bad(off, "mã %s bị lặp", code)
				continue
			}
			codes[code] = true
			plan.New = append(plan.New, NewUnit{NSOCode: code, Name: name, Kind: kind})
		}
	}
	return probs
}

// provinceCell is "Tỉnh Lâm Đồng (68)": the name and the NSO code.
var provinceCell = regexp.MustCompile(`^(.+?)\s*\(([0-9]{2})\)$`)

var digits = regexp.MustCompile(`^[0-9]{1,5}$`)

func (plan *ImportPlan) readConversion(data []byte, key string, newCodes map[string]bool) []ImportProblem {
	var probs []ImportProblem
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	formers := map[string]bool{}
	links := map[[2]string]bool{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			probs = append(probs, ImportProblem{File: "conversion", Line: line, Message: fmt.Sprintf("CSV không hợp lệ: %v", err)})
			return probs
		}
		bad := func(format string, args ...any) {
			probs = append(probs, ImportProblem{File: "conversion", Line: line, Message: fmt.Sprintf(format, args...)})
		}
		if line <= 2 || len(rec) < 3 || strings.TrimSpace(rec[1]) == "" && strings.TrimSpace(rec[2]) == "" {
			continue // the two header lines, and a province's title row
		}
		m := provinceCell.FindStringSubmatch(strings.TrimSpace(rec[0]))
		if m == nil {
			if ProvinceKey(rec[0]) == key {
				bad("cột tỉnh %q phải có dạng “Tỉnh X (NN)”", rec[0])
			}
			continue
		}
		if ProvinceKey(m[1]) != key {
			continue
		}
		plan.ProvinceCode, plan.ProvinceName = m[2], textfold.NFC(m[1])
		if len(rec) < 8 {
			bad("cần 8 cột, dòng có %d", len(rec))
			continue
		}
		newName, newCode := cleanName(rec[1]), strings.TrimSpace(rec[2])
		oldName, oldCode, note := cleanName(rec[3]), strings.TrimSpace(rec[4]), cleanName(rec[5])
		switch {
		case newName == "":
			bad("thiếu tên xã mới")
			continue
		case !digits.MatchString(newCode):
			bad("mã xã mới %q phải là số", newCode)
			continue
		}
		newCode = pad5(newCode)
		if !newCodes[newCode] {
			bad("xã mới %s (%s) không có trong danh sách xã", newName, newCode)
			continue
		}
		if oldCode == "" {
			plan.Skipped++ // formed from a whole district or an area, not from communes
			continue
		}
		if !digits.MatchString(oldCode) {
			bad("mã xã cũ %q phải là số", oldCode)
			continue
		}
		if oldName == "" {
			bad("thiếu tên xã cũ")
			continue
		}
		oldCode = pad5(oldCode)
		if !formers[oldCode] {
			formers[oldCode] = true
			plan.Former = append(plan.Former, FormerUnit{NSOCode: oldCode, Name: oldName, Kind: formerKind(oldName),
				District: cleanName(rec[6]), Province: cleanName(rec[7])})
		}
		if links[[2]string{oldCode, newCode}] {
			bad("cặp xã cũ %s → xã mới %s bị lặp", oldCode, newCode)
			continue
		}
		links[[2]string{oldCode, newCode}] = true
		plan.Links = append(plan.Links, PlanLink{Former: oldCode, New: newCode, Whole: wholeNote(note), Note: note})
	}
	return probs
}

// wholeNote reads the official note: "Nhập một phần ..." (part, also
// misspelt "Nhâp" or with doubled spaces) and "Phần còn lại ..." are parts;
// "Nhập toàn bộ", "Giữ nguyên", "Đổi tên", "Sắp xếp toàn bộ ..." are wholes.
func wholeNote(note string) bool {
	f := textfold.Fold(note)
	return !strings.Contains(f, "mot phan") && !strings.HasPrefix(f, "phan con lai")
}

func newKind(name string) (Kind, bool) {
	switch {
	case strings.HasPrefix(name, "Xã "):
		return Commune, true
	case strings.HasPrefix(name, "Phường "):
		return Ward, true
	case strings.HasPrefix(name, "Đặc khu "):
		return SpecialZone, true
	}
	return "", false
}

// formerKind: a former town (thị trấn) was commune-level like a xã.
func formerKind(name string) Kind {
	if k, ok := newKind(name); ok {
		return k
	}
	return Commune
}

// cleanName NFC-normalises a name, collapses its spaces and capitalises its
// first letter (the national list has one "xã Bắc Sơn").
func cleanName(s string) string {
	s = strings.Join(strings.Fields(textfold.NFC(s)), " ")
	if r, n := utf8.DecodeRuneInString(s); unicode.IsLower(r) {
		s = string(unicode.ToUpper(r)) + s[n:]
	}
	return s
}

func pad5(code string) string {
	n, _ := strconv.Atoi(code)
	return fmt.Sprintf("%05d", n)
}

func skipSpace(data []byte, off int64) int64 {
	for off < int64(len(data)) && strings.ContainsRune(" \t\r\n,", rune(data[off])) {
		off++
	}
	return off
}

func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// ProvinceKeys lists, in file order, the provinces of a communes file (their
// ProvinceKey), for an import of the whole country.
func ProvinceKeys(communes []byte) ([]string, error) {
	var rows []communeRow
	if err := json.Unmarshal(communes, &rows); err != nil {
		return nil, &ImportError{Problems: []ImportProblem{{File: "communes", Line: 1, Message: fmt.Sprintf("JSON không hợp lệ: %v", err)}}}
	}
	var keys []string
	seen := map[string]bool{}
	for _, r := range rows {
		k := r.ProvinceCode
		if k == "" {
			k = r.ProvinceName
		}
		if k = ProvinceKey(k); !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys, nil
}
