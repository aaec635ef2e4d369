package letter

import (
	"errors"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Message is a short text in the template syntax of letters (see "Template
// syntax"), for notifications: an e-mail, an SMS, a Zalo message. Unlike a
// letter it has no structure: its lines are kept as written (trimmed), and
// its placeholders are those the caller names.
type Message struct {
	lines [][]segment
}

// ParseMessage parses text against the placeholder names known, reporting
// every problem at once like ParseTemplate: each a *ParseError (its Kind is
// what, e.g. "received/sms") wrapping ErrUnknownPlaceholder, naming the
// placeholder, or ErrMalformed.
func ParseMessage(what string, text string, known []string) (Message, error) {
	text = norm.NFC.String(text)
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	list := func() string {
		ns := make([]string, len(known))
		for i, n := range known {
			ns[i] = "{{" + n + "}}"
		}
		return strings.Join(ns, ", ")
	}
	var m Message
	var errs []error
	for i, line := range strings.Split(strings.TrimSpace(text), "\n") {
		segs, lineErrs := parseLine(Kind(what), line, i+1, func(n string) bool { return slices.Contains(known, n) }, list)
		errs = append(errs, lineErrs...)
		m.lines = append(m.lines, merge(segs))
	}
	return m, errors.Join(errs...)
}

// Placeholders returns the names m uses, each once, in order of first use.
func (m Message) Placeholders() []string {
	var names []string
	for _, l := range m.lines {
		for _, s := range l {
			if s.name != "" && !slices.Contains(names, s.name) {
				names = append(names, s.name)
			}
		}
	}
	return names
}

// Fill replaces each placeholder with its value (NFC, runs of spaces and
// line breaks made single spaces); a name without a value renders empty: the
// caller checks for missing values (Placeholders) before.
func (m Message) Fill(values Values) string {
	var b strings.Builder
	for i, l := range m.lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		for _, s := range l {
			if s.name != "" {
				b.WriteString(cleanValue(values[s.name]))
			} else {
				b.WriteString(s.text)
			}
		}
	}
	return norm.NFC.String(b.String())
}

// String returns m in template syntax.
func (m Message) String() string {
	lines := make([]string, len(m.lines))
	for i, l := range m.lines {
		lines[i] = Text{segments: l}.String()
	}
	return strings.Join(lines, "\n")
}
