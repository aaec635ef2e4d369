package letter

import (
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Values maps placeholder names to the text that replaces them.
type Values map[string]string

// Content is a filled-in letter, ready to lay out.
type Content struct {
	Title      string   `json:"title"`
	Salutation string   `json:"salutation"`
	Paragraphs []string `json:"paragraphs"`
}

// String returns the letter as plain text: title, salutation and paragraphs
// separated by blank lines.
func (c Content) String() string {
	return strings.Join(append([]string{c.Title, c.Salutation}, c.Paragraphs...), "\n\n")
}

// Fill replaces every placeholder with its value. Values are NFC-normalised
// and their line breaks and runs of spaces become single spaces; the result
// is NFC. A required placeholder the template uses with no value, or an empty
// one, is a *MissingValuesError naming every such placeholder (it matches
// ErrMissingValue with errors.Is); a placeholder the kind does not know, in a
// Template not made by ParseTemplate, an *UnknownPlaceholderError. An optional one renders as nothing. Values for names
// the template does not use are ignored.
func (t Template) Fill(values Values) (Content, error) {
	missing := &MissingValuesError{Kind: t.Kind}
	for _, name := range t.Placeholders() {
		p, ok := lookup(t.Kind, name)
		if !ok {
			// Only a Template built by hand, not by ParseTemplate, gets here.
			return Content{}, &UnknownPlaceholderError{Kind: t.Kind, Name: name}
		}
		if !p.Optional && cleanValue(values[name]) == "" {
			missing.Names = append(missing.Names, name)
			missing.Descriptions = append(missing.Descriptions, p.Description)
		}
	}
	if len(missing.Names) > 0 {
		return Content{}, missing
	}
	fill := func(text Text) string {
		var b strings.Builder
		for _, s := range text.segments {
			if s.name != "" {
				b.WriteString(cleanValue(values[s.name]))
			} else {
				b.WriteString(s.text)
			}
		}
		return norm.NFC.String(strings.Join(strings.Fields(b.String()), " "))
	}
	c := Content{Title: fill(t.Title), Salutation: fill(t.Salutation)}
	for _, p := range t.Paragraphs {
		c.Paragraphs = append(c.Paragraphs, fill(p))
	}
	return c, nil
}

// Render fills the template like Fill and returns the letter as plain text
// (Content.String).
func (t Template) Render(values Values) (string, error) {
	c, err := t.Fill(values)
	if err != nil {
		return "", err
	}
	return c.String(), nil
}

// cleanValue normalises a value for insertion into running text.
func cleanValue(v string) string {
	return strings.Join(strings.Fields(norm.NFC.String(v)), " ")
}

// Merge returns a new Values holding every entry of vs; later maps win.
func Merge(vs ...Values) Values {
	out := Values{}
	for _, v := range vs {
		for k, s := range v {
			out[k] = s
		}
	}
	return out
}

// MissingValuesError is Fill's error when required placeholders have no
// value. errors.Is(err, ErrMissingValue) holds; errors.As gives the names.
type MissingValuesError struct {
	Kind Kind
	// Names are the placeholders without a value, in template order, e.g.
	// "ten_tre"; Descriptions says in English what each takes.
	Names        []string
	Descriptions []string
}

func (e *MissingValuesError) Error() string {
	parts := make([]string, len(e.Names))
	for i, n := range e.Names {
		parts[i] = fmt.Sprintf("{{%s}} (%s)", n, e.Descriptions[i])
	}
	return fmt.Sprintf("%s letter: %v: %s", e.Kind, ErrMissingValue, strings.Join(parts, ", "))
}

func (e *MissingValuesError) Is(target error) bool { return target == ErrMissingValue }

// Written returns the names as a template writes them: "{{ten_tre}}, {{ngay_sinh}}".
func (e *MissingValuesError) Written() string {
	parts := make([]string, len(e.Names))
	for i, n := range e.Names {
		parts[i] = "{{" + n + "}}"
	}
	return strings.Join(parts, ", ")
}

// UnknownPlaceholderError names a placeholder the kind does not know, met
// when filling a template built by hand. errors.Is(err,
// ErrUnknownPlaceholder) holds.
type UnknownPlaceholderError struct {
	Kind Kind
	Name string
}

func (e *UnknownPlaceholderError) Error() string {
	return fmt.Sprintf("%s template: %v {{%s}}", e.Kind, ErrUnknownPlaceholder, e.Name)
}

func (e *UnknownPlaceholderError) Is(target error) bool { return target == ErrUnknownPlaceholder }
