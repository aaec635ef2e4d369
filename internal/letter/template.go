package letter

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Template syntax
//
// A template is plain text in blocks separated by one or more blank lines:
// the first block is the title ("THƯ CHÚC MỪNG"), the second the salutation
// ("Kính gửi: {{nguoi_nhan}}"), every further block a paragraph of the body;
// there must be at least one. Line breaks inside a block are joined into a
// single space, so an editor may wrap long paragraphs freely.
//
// A placeholder is written {{name}}: two opening braces, the name, two closing
// braces, on one line; spaces inside the braces are allowed ({{ ten_tre }}).
// A name is lower-case ASCII letters, digits and underscores, starting with a
// letter, and must be one of Placeholders(kind). "{{" always opens a
// placeholder and "}}" always closes one: there is no escape, letters have no
// use for literal double braces. Single braces are ordinary text.
//
// Text is NFC-normalised when parsed and when rendered.

// Errors wrapped by ParseTemplate and Render errors; test with errors.Is.
var (
	// ErrUnknownPlaceholder: a well-formed placeholder the kind does not know.
	ErrUnknownPlaceholder = errors.New("unknown placeholder")
	// ErrMalformed: "{{" without "}}" on its line, "}}" without "{{", or a
	// name that is not a placeholder name.
	ErrMalformed = errors.New("malformed placeholder")
	// ErrStructure: fewer than three blocks (title, salutation, paragraph).
	ErrStructure = errors.New("malformed template structure")
	// ErrMissingValue: Render got no value (or an empty one) for a required
	// placeholder the template uses.
	ErrMissingValue = errors.New("missing placeholder value")
)

// ParseError locates one problem in a template's text.
type ParseError struct {
	Kind Kind
	// Line and Column are 1-based; Column counts characters, not bytes.
	Line, Column int
	// Placeholder is the offending placeholder's text as written, e.g.
	// "{{ten_con}}" or "{{ten_tre".
	Placeholder string
	// Err is ErrUnknownPlaceholder or ErrMalformed.
	Err error
	// Detail explains, in English.
	Detail string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s template: line %d, column %d: %v %s: %s", e.Kind, e.Line, e.Column, e.Err, e.Placeholder, e.Detail)
}

func (e *ParseError) Unwrap() error { return e.Err }

// segment is literal text or, when name is set, a placeholder.
type segment struct {
	text string
	name string
}

// Text is one block of a template (title, salutation or paragraph) parsed into
// literal text and placeholders.
type Text struct {
	segments []segment
}

// String returns the block in template syntax.
func (t Text) String() string {
	var b strings.Builder
	for _, s := range t.segments {
		if s.name != "" {
			b.WriteString("{{" + s.name + "}}")
		} else {
			b.WriteString(s.text)
		}
	}
	return b.String()
}

// Template is a parsed letter template of one kind. Templates are values;
// the caller versions and stores them (as their String form).
type Template struct {
	Kind       Kind
	Title      Text
	Salutation Text
	Paragraphs []Text
}

// String returns the template in the syntax ParseTemplate reads, with blocks
// separated by one blank line: ParseTemplate(t.Kind, t.String()) gives t back.
func (t Template) String() string {
	blocks := []string{t.Title.String(), t.Salutation.String()}
	for _, p := range t.Paragraphs {
		blocks = append(blocks, p.String())
	}
	return strings.Join(blocks, "\n\n")
}

// Placeholders returns the names of the placeholders t uses, each once, in
// order of first use.
func (t Template) Placeholders() []string {
	var names []string
	for _, block := range t.blocks() {
		for _, s := range block.segments {
			if s.name != "" && !slices.Contains(names, s.name) {
				names = append(names, s.name)
			}
		}
	}
	return names
}

func (t Template) blocks() []Text {
	return append([]Text{t.Title, t.Salutation}, t.Paragraphs...)
}

// ParseTemplate parses text (see "Template syntax") as a template of kind k.
// It reports every problem at once, joined: each is a *ParseError wrapping
// ErrUnknownPlaceholder (naming the placeholder) or ErrMalformed (with its
// line and column). A template with fewer than three blocks gives an error
// wrapping ErrStructure; an unknown kind one wrapping ErrUnknownKind.
func ParseTemplate(k Kind, text string) (Template, error) {
	if err := k.Validate(); err != nil {
		return Template{}, err
	}
	text = norm.NFC.String(text)
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")

	var (
		blocks []Text
		cur    []segment
		errs   []error
	)
	endBlock := func() {
		if len(cur) > 0 {
			blocks = append(blocks, Text{segments: merge(cur)})
			cur = nil
		}
	}
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			endBlock()
			continue
		}
		segs, lineErrs := parseLine(k, line, i+1, func(n string) bool { _, ok := lookup(k, n); return ok }, func() string { return knownNames(k) })
		errs = append(errs, lineErrs...)
		if len(cur) > 0 {
			cur = append(cur, segment{text: " "})
		}
		cur = append(cur, segs...)
	}
	endBlock()
	if len(errs) > 0 {
		return Template{}, errors.Join(errs...)
	}
	if len(blocks) < 3 {
		return Template{}, fmt.Errorf("%s template: %w: need a title, a salutation and at least one paragraph, separated by blank lines; found %d block(s)", k, ErrStructure, len(blocks))
	}
	return Template{Kind: k, Title: blocks[0], Salutation: blocks[1], Paragraphs: blocks[2:]}, nil
}

// parseLine splits one line into segments, trimming the line's ends.
func parseLine(k Kind, line string, lineNo int, known func(string) bool, names func() string) ([]segment, []error) {
	line = strings.TrimSpace(line)
	var (
		segs []segment
		errs []error
	)
	column := func(byteOffset int) int { return utf8.RuneCountInString(line[:byteOffset]) + 1 }
	// literal takes line[from:to] as text, reporting stray closing braces.
	literal := func(from, to int) {
		s := line[from:to]
		if s == "" {
			return
		}
		if j := strings.Index(s, "}}"); j >= 0 {
			errs = append(errs, &ParseError{Kind: k, Line: lineNo, Column: column(from + j), Placeholder: "}}", Err: ErrMalformed,
				Detail: "closing braces without opening braces"})
		}
		segs = append(segs, segment{text: s})
	}
	i := 0
	for i < len(line) {
		j := strings.Index(line[i:], "{{")
		if j < 0 {
			literal(i, len(line))
			break
		}
		start := i + j
		literal(i, start)
		inner := line[start+2:]
		end := strings.Index(inner, "}}")
		if next := strings.Index(inner, "{{"); end < 0 || (next >= 0 && next < end) {
			// Unclosed: report it and go on after the opening braces.
			stop := len(inner)
			if next >= 0 {
				stop = next
			}
			errs = append(errs, &ParseError{Kind: k, Line: lineNo, Column: column(start),
				Placeholder: "{{" + strings.TrimRight(inner[:stop], " "), Err: ErrMalformed,
				Detail: "opening braces without closing braces on the same line"})
			i = start + 2 + stop
			continue
		}
		written := line[start : start+2+end+2]
		name := strings.TrimSpace(inner[:end])
		switch {
		case !validName(name):
			errs = append(errs, &ParseError{Kind: k, Line: lineNo, Column: column(start), Placeholder: written, Err: ErrMalformed,
				Detail: "a name is lower-case ASCII letters, digits and underscores, starting with a letter"})
		default:
			if !known(name) {
				errs = append(errs, &ParseError{Kind: k, Line: lineNo, Column: column(start), Placeholder: written, Err: ErrUnknownPlaceholder,
					Detail: "known placeholders for " + string(k) + " are " + names()})
			}
		}
		segs = append(segs, segment{name: name})
		i = start + 2 + end + 2
	}
	return segs, errs
}

func validName(name string) bool {
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func knownNames(k Kind) string {
	ps, _ := Placeholders(k)
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = "{{" + p.Name + "}}"
	}
	return strings.Join(names, ", ")
}

// merge joins adjacent literal segments, so equal templates have equal
// segment lists however their lines were wrapped.
func merge(segs []segment) []segment {
	var out []segment
	for _, s := range segs {
		if n := len(out); n > 0 && s.name == "" && out[n-1].name == "" {
			out[n-1].text += s.text
			continue
		}
		out = append(out, s)
	}
	return out
}
