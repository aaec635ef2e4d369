package signing

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// This file adds a signature field to a PDF by an incremental update: the
// original bytes are kept as they are and new versions of the catalogue
// and of the signed page (and of its annotation array, when that is an
// object of its own), a signature dictionary and its widget are appended
// with a new cross-reference section of the kind the file already uses: a
// table, or a stream (PDF 1.5). pdfread.go reads what that needs.

// contentsSize is the room reserved for the CMS signature, in bytes: the
// chain, a timestamp token and its TSA certificate fit with margin.
const contentsSize = 16384

var (
	refRE = regexp.MustCompile(`(\d+)\s+(\d+)\s+R`)
	intRE = regexp.MustCompile(`^\s*(\d+)`)
)

// dictRef returns the object number of /key N 0 R in a dictionary's text.
func dictRef(dict, key string) (int, bool) {
	i := keyIndex(dict, key)
	if i < 0 {
		return 0, false
	}
	m := refRE.FindStringSubmatchIndex(dict[i:])
	if m == nil || strings.TrimSpace(dict[i:i+m[0]]) != "" {
		return 0, false
	}
	n, _ := strconv.Atoi(dict[i+m[2] : i+m[3]])
	return n, true
}

func dictInt(dict, key string) (int, bool) {
	i := keyIndex(dict, key)
	if i < 0 {
		return 0, false
	}
	m := intRE.FindStringSubmatch(dict[i:])
	if m == nil {
		return 0, false
	}
	n, _ := strconv.Atoi(m[1])
	return n, true
}

// keyIndex returns the index just after "/key" (not a longer name).
func keyIndex(dict, key string) int {
	k := "/" + key
	for from := 0; ; {
		i := strings.Index(dict[from:], k)
		if i < 0 {
			return -1
		}
		j := from + i + len(k)
		if j >= len(dict) || strings.ContainsRune(" \t\r\n/<[(", rune(dict[j])) {
			return j
		}
		from = j
	}
}

// addToDict inserts entries before a dictionary's closing ">>".
func addToDict(dict, entries string) (string, error) {
	end := strings.LastIndex(dict, ">>")
	if !strings.HasPrefix(dict, "<<") || end < 0 {
		return "", errors.New("object is not a dictionary")
	}
	return dict[:end] + " " + entries + " " + dict[end:], nil
}

// lastPage follows the catalogue down the page tree, always to the last
// kid, and returns the last page's object number.
func (f *pdfFile) lastPage(catalog string) (int, error) {
	n, ok := dictRef(catalog, "Pages")
	if !ok {
		return 0, errors.New("catalogue without /Pages")
	}
	for depth := 0; depth < 64; depth++ {
		node, err := f.object(n)
		if err != nil {
			return 0, err
		}
		i := keyIndex(node, "Kids")
		if i < 0 {
			if depth == 0 {
				return 0, errors.New("page tree without /Kids")
			}
			return n, nil
		}
		end := strings.IndexByte(node[i:], ']')
		if end < 0 {
			return 0, errors.New("bad /Kids")
		}
		kids := refRE.FindAllStringSubmatch(node[i:i+end], -1)
		if len(kids) == 0 {
			return 0, errors.New("empty page tree")
		}
		n, _ = strconv.Atoi(kids[len(kids)-1][1])
	}
	return 0, errors.New("page tree deeper than 64 levels")
}

// pdfText encodes s as a PDF text string: UTF-16BE with a byte order mark,
// in hex, so any Vietnamese text is kept.
func pdfText(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// pdfDate formats t as a PDF date, D:YYYYMMDDHHmmSS+07'00'.
func pdfDate(t time.Time) string {
	_, off := t.Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("D:%s%c%02d'%02d'", t.Format("20060102150405"), sign, off/3600, off%3600/60)
}

// prepared is a PDF with an empty signature: the bytes outside the hole
// are final; the CMS goes, in hex, between hole[0]+1 and hole[1]-1.
type prepared struct {
	data []byte
	hole [2]int // [offset of '<', offset after '>']
}

// field describes the signature field to add.
type field struct {
	Name, Reason, Location string
	Time                   time.Time
	Rect                   [4]float64 // on the last page, in points from its lower left corner
}

func prepare(pdf []byte, fl field) (*prepared, error) {
	f, err := parsePDF(pdf)
	if err != nil {
		return nil, fmt.Errorf("read PDF: %w", err)
	}
	size, ok := dictInt(f.trailer, "Size")
	if !ok {
		return nil, errors.New("read PDF: trailer without /Size")
	}
	rootN, ok := dictRef(f.trailer, "Root")
	if !ok {
		return nil, errors.New("read PDF: trailer without /Root")
	}
	catalog, err := f.object(rootN)
	if err != nil {
		return nil, fmt.Errorf("read PDF: %w", err)
	}
	if keyIndex(catalog, "AcroForm") >= 0 {
		return nil, errors.New("the PDF already has a form or a signature")
	}
	pageN, err := f.lastPage(catalog)
	if err != nil {
		return nil, fmt.Errorf("read PDF: %w", err)
	}
	page, err := f.object(pageN)
	if err != nil {
		return nil, fmt.Errorf("read PDF: %w", err)
	}
	sigN, widgetN := size, size+1
	next := size + 2 // the next free object number
	widgetRef := fmt.Sprintf("%d 0 R", widgetN)
	annotsN, annots := 0, ""
	if i := keyIndex(page, "Annots"); i >= 0 {
		open := strings.TrimLeft(page[i:], " \t\r\n")
		switch ref, isRef := dictRef(page, "Annots"); {
		case strings.HasPrefix(open, "["):
			j := i + strings.Index(page[i:], "[") + 1
			page = page[:j] + widgetRef + " " + page[j:]
		case isRef:
			// The array is an object of its own: a new version of it.
			if annots, err = f.object(ref); err != nil || !strings.HasPrefix(annots, "[") {
				return nil, fmt.Errorf("read PDF: the page's annotations: %v", err)
			}
			annotsN, annots = ref, "["+widgetRef+" "+annots[1:]
		default:
			return nil, errors.New("the page's annotations are neither an array nor a reference to one")
		}
	} else if page, err = addToDict(page, "/Annots ["+widgetRef+"]"); err != nil {
		return nil, err
	}
	if catalog, err = addToDict(catalog, fmt.Sprintf("/AcroForm << /Fields [%s] /SigFlags 3 >>", widgetRef)); err != nil {
		return nil, err
	}

	var b bytes.Buffer
	b.Write(pdf)
	if pdf[len(pdf)-1] != '\n' {
		b.WriteByte('\n')
	}
	offsets := map[int]int{}
	offsets[sigN] = b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 %010d %010d %010d] /Contents ", sigN, 0, 0, 0)
	rangeAt := bytes.LastIndex(b.Bytes(), []byte("/ByteRange [")) + len("/ByteRange [")
	holeStart := b.Len()
	b.WriteByte('<')
	b.Write(bytes.Repeat([]byte("0"), 2*contentsSize))
	b.WriteByte('>')
	holeEnd := b.Len()
	fmt.Fprintf(&b, " /M (%s) /Name %s /Reason %s /Location %s >>\nendobj\n", pdfDate(fl.Time), pdfText(fl.Name), pdfText(fl.Reason), pdfText(fl.Location))
	offsets[widgetN] = b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T %s /V %d 0 R /P %d 0 R /Rect [%.2f %.2f %.2f %.2f] /F 132 >>\nendobj\n",
		widgetN, pdfText("Chữ ký số"), sigN, pageN, fl.Rect[0], fl.Rect[1], fl.Rect[2], fl.Rect[3])
	offsets[pageN] = b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", pageN, page)
	offsets[rootN] = b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", rootN, catalog)
	if annotsN > 0 {
		offsets[annotsN] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", annotsN, annots)
	}
	trailer := fmt.Sprintf("/Root %d 0 R /Prev %d", rootN, f.xref)
	if n, ok := dictRef(f.trailer, "Info"); ok {
		trailer += fmt.Sprintf(" /Info %d 0 R", n)
	}
	if i := keyIndex(f.trailer, "ID"); i >= 0 {
		if end := strings.IndexByte(f.trailer[i:], ']'); end >= 0 {
			trailer += " /ID" + f.trailer[i:i+end+1]
		}
	}
	xrefAt := b.Len()
	if f.xrefStream {
		writeXrefStream(&b, offsets, next, trailer)
	} else {
		b.WriteString("xref\n0 1\n0000000000 65535 f\r\n")
		for _, n := range sortedKeys(offsets) {
			fmt.Fprintf(&b, "%d 1\n%010d 00000 n\r\n", n, offsets[n])
		}
		fmt.Fprintf(&b, "trailer\n<< /Size %d %s >>\n", next, trailer)
	}
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", xrefAt)

	out := b.Bytes()
	copy(out[rangeAt:], fmt.Sprintf("0 %010d %010d %010d", holeStart, holeEnd, len(out)-holeEnd))
	return &prepared{data: out, hole: [2]int{holeStart, holeEnd}}, nil
}

// writeXrefStream appends the update's cross-reference as a stream (for a
// file whose sections are streams): object number xrefN, unfiltered, one
// 7-byte entry (type 1, 4-byte offset, 2-byte generation) per object,
// itself included.
func writeXrefStream(b *bytes.Buffer, offsets map[int]int, xrefN int, trailer string) {
	all := maps.Clone(offsets)
	all[xrefN] = b.Len()
	var index strings.Builder
	var body []byte
	for _, n := range sortedKeys(all) {
		fmt.Fprintf(&index, "%d 1 ", n)
		o := all[n]
		body = append(body, 1, byte(o>>24), byte(o>>16), byte(o>>8), byte(o), 0, 0)
	}
	fmt.Fprintf(b, "%d 0 obj\n<< /Type /XRef /Size %d %s /Index [%s] /W [1 4 2] /Length %d >>\nstream\n",
		xrefN, xrefN+1, trailer, strings.TrimSpace(index.String()), len(body))
	b.Write(body)
	b.WriteString("\nendstream\nendobj\n")
}

func sortedKeys(m map[int]int) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// signedBytes returns the bytes the signature covers: all but the hole.
func (p *prepared) signedBytes() []byte {
	out := make([]byte, 0, len(p.data)-(p.hole[1]-p.hole[0]))
	out = append(out, p.data[:p.hole[0]]...)
	return append(out, p.data[p.hole[1]:]...)
}
