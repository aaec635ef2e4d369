package signing

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// This file adds a signature field to a PDF by an incremental update: the
// original bytes are kept as they are and new versions of the catalogue
// and of the signed page, a signature dictionary and its widget are
// appended with a new cross-reference section. Only what motcua's own
// documents need is read: a classic cross-reference table (with /Prev
// chains), a flat page tree and uncompressed page and catalogue objects.

// contentsSize is the room reserved for the CMS signature, in bytes: the
// chain, a timestamp token and its TSA certificate fit with margin.
const contentsSize = 16384

var (
	startxrefRE = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	refRE       = regexp.MustCompile(`(\d+)\s+(\d+)\s+R`)
	intRE       = regexp.MustCompile(`^\s*(\d+)`)
)

type pdfFile struct {
	data    []byte
	offsets map[int]int // object number -> byte offset, newest version
	trailer string      // the newest trailer dictionary's text
	xref    int         // offset of the newest cross-reference section
}

func parsePDF(data []byte) (*pdfFile, error) {
	tail := data
	if len(tail) > 1024 {
		tail = tail[len(tail)-1024:]
	}
	m := startxrefRE.FindSubmatch(tail)
	if m == nil {
		return nil, errors.New("no startxref at the end of the PDF")
	}
	start, _ := strconv.Atoi(string(m[1]))
	f := &pdfFile{data: data, offsets: map[int]int{}, xref: start}
	seen := map[int]bool{}
	for at := start; ; {
		if seen[at] || at <= 0 || at >= len(data) {
			return nil, fmt.Errorf("bad cross-reference offset %d", at)
		}
		seen[at] = true
		trailer, prev, err := f.readXref(at)
		if err != nil {
			return nil, err
		}
		if f.trailer == "" {
			f.trailer = trailer
		}
		if prev < 0 {
			break
		}
		at = prev
	}
	return f, nil
}

// readXref reads the classic cross-reference section at off, keeping
// entries not already known (newer sections are read first).
func (f *pdfFile) readXref(off int) (trailer string, prev int, err error) {
	s := f.data[off:]
	if !bytes.HasPrefix(s, []byte("xref")) {
		return "", 0, errors.New("the PDF uses a cross-reference stream, which this signer does not read")
	}
	lines := bytes.Split(s, []byte("\n"))
	i := 1
	for i < len(lines) {
		line := strings.TrimSpace(string(lines[i]))
		if strings.HasPrefix(line, "trailer") {
			break
		}
		var first, n int
		if _, err := fmt.Sscanf(line, "%d %d", &first, &n); err != nil {
			return "", 0, fmt.Errorf("bad cross-reference subsection %q", line)
		}
		i++
		for k := 0; k < n && i < len(lines); k, i = k+1, i+1 {
			e := strings.TrimSpace(string(lines[i]))
			var o, gen int
			var kind string
			if _, err := fmt.Sscanf(e, "%d %d %s", &o, &gen, &kind); err != nil {
				return "", 0, fmt.Errorf("bad cross-reference entry %q", e)
			}
			if _, known := f.offsets[first+k]; !known && kind == "n" {
				f.offsets[first+k] = o
			}
		}
	}
	t := bytes.Index(s, []byte("trailer"))
	if t < 0 {
		return "", 0, errors.New("no trailer")
	}
	end := bytes.Index(s[t:], []byte("startxref"))
	if end < 0 {
		return "", 0, errors.New("no startxref after the trailer")
	}
	trailer = string(s[t+len("trailer") : t+end])
	prev = -1
	if v, ok := dictInt(trailer, "Prev"); ok {
		prev = v
	}
	return trailer, prev, nil
}

// object returns the text between "N 0 obj" and "endobj".
func (f *pdfFile) object(n int) (string, error) {
	off, ok := f.offsets[n]
	if !ok || off >= len(f.data) {
		return "", fmt.Errorf("object %d not found", n)
	}
	s := f.data[off:]
	head := fmt.Sprintf("%d 0 obj", n)
	if !bytes.HasPrefix(s, []byte(head)) {
		return "", fmt.Errorf("object %d is not at its offset", n)
	}
	end := bytes.Index(s, []byte("endobj"))
	if end < 0 {
		return "", fmt.Errorf("object %d has no endobj", n)
	}
	body := string(s[len(head):end])
	if strings.Contains(body, "stream") {
		return "", fmt.Errorf("object %d is a stream", n)
	}
	return strings.TrimSpace(body), nil
}

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

// lastPage follows the catalogue to the page tree and returns the last
// page's object number (the page tree must be flat).
func (f *pdfFile) lastPage(catalog string) (int, error) {
	pagesN, ok := dictRef(catalog, "Pages")
	if !ok {
		return 0, errors.New("catalogue without /Pages")
	}
	pages, err := f.object(pagesN)
	if err != nil {
		return 0, err
	}
	i := keyIndex(pages, "Kids")
	if i < 0 {
		return 0, errors.New("page tree without /Kids")
	}
	end := strings.IndexByte(pages[i:], ']')
	if end < 0 {
		return 0, errors.New("bad /Kids")
	}
	kids := refRE.FindAllStringSubmatch(pages[i:i+end], -1)
	if len(kids) == 0 {
		return 0, errors.New("empty page tree")
	}
	n, _ := strconv.Atoi(kids[len(kids)-1][1])
	page, err := f.object(n)
	if err != nil {
		return 0, err
	}
	if keyIndex(page, "Kids") >= 0 {
		return 0, errors.New("nested page tree")
	}
	return n, nil
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
	page, _ := f.object(pageN)
	sigN, widgetN := size, size+1
	widgetRef := fmt.Sprintf("%d 0 R", widgetN)
	if i := keyIndex(page, "Annots"); i >= 0 {
		open := strings.TrimLeft(page[i:], " \t\r\n")
		if !strings.HasPrefix(open, "[") {
			return nil, errors.New("the page's annotations are not an inline array")
		}
		j := i + strings.Index(page[i:], "[") + 1
		page = page[:j] + widgetRef + " " + page[j:]
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
	xrefAt := b.Len()
	b.WriteString("xref\n0 1\n0000000000 65535 f\r\n")
	for _, n := range sortedKeys(offsets) {
		fmt.Fprintf(&b, "%d 1\n%010d 00000 n\r\n", n, offsets[n])
	}
	trailer := fmt.Sprintf("<< /Size %d /Root %d 0 R /Prev %d", size+2, rootN, f.xref)
	if n, ok := dictRef(f.trailer, "Info"); ok {
		trailer += fmt.Sprintf(" /Info %d 0 R", n)
	}
	if i := keyIndex(f.trailer, "ID"); i >= 0 {
		if end := strings.IndexByte(f.trailer[i:], ']'); end >= 0 {
			trailer += " /ID" + f.trailer[i:i+end+1]
		}
	}
	fmt.Fprintf(&b, "trailer\n%s >>\nstartxref\n%d\n%%%%EOF\n", trailer, xrefAt)

	out := b.Bytes()
	copy(out[rangeAt:], fmt.Sprintf("0 %010d %010d %010d", holeStart, holeEnd, len(out)-holeEnd))
	return &prepared{data: out, hole: [2]int{holeStart, holeEnd}}, nil
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
