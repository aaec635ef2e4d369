package catalogue

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// formKeyRE is a group's or field's key: lower-case letters, digits and
// underscores, starting with a letter.
var formKeyRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// formIssues checks a procedure's form, each problem at its path under
// "form": the component it stands for is one of the procedure's; groups
// and fields have keys (unique across the form), labels and known types; a
// choice field lists two or more distinct choices and only a choice field
// lists any; bounds fit their type; applies is empty, person or
// organisation, and a field's does not contradict its group's.
func formIssues(p *Procedure) []fieldError {
	f := p.Form
	if f == nil {
		return nil
	}
	var out []fieldError
	add := func(path, format string, args ...any) {
		out = append(out, fieldError{path, fmt.Sprintf(format, args...)})
	}
	switch {
	case blank(f.Component):
		add("component", "missing: name the component the answers stand for")
	default:
		found := false
		for _, c := range p.Components {
			found = found || c.Name == f.Component
		}
		if !found {
			add("component", "%q is not one of the procedure's components", f.Component)
		}
	}
	if len(f.Groups) == 0 {
		add("groups", "missing: a form needs at least one group")
	}
	keys, fields := map[string]string{}, 0
	key := func(path, k string) {
		switch {
		case k == "":
			add(path, "missing")
		case len(k) > maxFormKeyLen || !formKeyRE.MatchString(k):
			add(path, "%q: want lower-case letters, digits and _, at most %d, e.g. child_name", k, maxFormKeyLen)
		case keys[k] != "":
			add(path, "%q is used twice (also %s)", k, keys[k])
		default:
			keys[k] = path
		}
	}
	for i, g := range f.Groups {
		gp := fmt.Sprintf("groups.%d.", i)
		key(gp+"key", g.Key)
		if blank(g.Label) {
			add(gp+"label", "missing")
		}
		appliesIssue(add, gp+"applies", g.Applies)
		if len(g.Fields) == 0 {
			add(gp+"fields", "missing: a group needs at least one field")
		}
		for j, fd := range g.Fields {
			fields++
			fp := fmt.Sprintf("%sfields.%d.", gp, j)
			key(fp+"key", fd.Key)
			if blank(fd.Label) {
				add(fp+"label", "missing")
			}
			appliesIssue(add, fp+"applies", fd.Applies)
			if g.Applies != AppliesAll && fd.Applies != AppliesAll && fd.Applies != g.Applies {
				add(fp+"applies", "%q in a group for %q: no applicant is asked it", fd.Applies, g.Applies)
			}
			for _, e := range fieldTypeIssues(fd) {
				add(fp+e.path, "%s", e.msg)
			}
		}
	}
	if fields > MaxFormFields {
		add("groups", "%d fields: at most %d", fields, MaxFormFields)
	}
	return out
}

func appliesIssue(add func(string, string, ...any), path string, a Applies) {
	switch a {
	case AppliesAll, AppliesPerson, AppliesOrganisation:
	default:
		add(path, "unknown %q (want person or organisation, or leave it out for both)", a)
	}
}

// fieldTypeIssues checks a field's type, choices and bounds.
func fieldTypeIssues(fd FormField) []fieldError {
	var out []fieldError
	add := func(path, format string, args ...any) {
		out = append(out, fieldError{path, fmt.Sprintf(format, args...)})
	}
	switch fd.Type {
	case FieldText, FieldDate, FieldYear, FieldChoice, FieldNumber, FieldIDNumber:
	case "":
		add("type", "missing (want text, date, year, choice, number or id_number)")
	default:
		add("type", "unknown %q (want text, date, year, choice, number or id_number)", fd.Type)
	}
	if fd.Type == FieldChoice && len(fd.Choices) < 2 {
		add("choices", "%d: a choice field needs at least 2 choices", len(fd.Choices))
	}
	if fd.Type != FieldChoice && len(fd.Choices) > 0 {
		add("choices", "only a choice field has choices")
	}
	seen := map[string]bool{}
	for i, c := range fd.Choices {
		switch v := strings.TrimSpace(c.Value); {
		case v == "":
			add(fmt.Sprintf("choices.%d.value", i), "missing")
		case v != c.Value:
			add(fmt.Sprintf("choices.%d.value", i), "%q has spaces around it", c.Value)
		case utf8.RuneCountInString(v) > MaxAnswerLen:
			add(fmt.Sprintf("choices.%d.value", i), "longer than %d characters", MaxAnswerLen)
		case seen[v]:
			add(fmt.Sprintf("choices.%d.value", i), "%q is listed twice", v)
		}
		seen[c.Value] = true
	}
	switch fd.Type {
	case FieldText:
		if fd.Min != 0 {
			add("min", "a text field has no minimum; use required")
		}
		if fd.Max < 0 || fd.Max > MaxAnswerLen {
			add("max", "%d: a text is at most %d characters", fd.Max, MaxAnswerLen)
		}
	case FieldYear:
		if fd.Min != 0 && (fd.Min < 1000 || fd.Min > 9999) {
			add("min", "%d is not a year", fd.Min)
		}
		if fd.Max != 0 && (fd.Max < 1000 || fd.Max > 9999) {
			add("max", "%d is not a year", fd.Max)
		}
		if fd.Min != 0 && fd.Max != 0 && fd.Min > fd.Max {
			add("max", "%d is before the minimum %d", fd.Max, fd.Min)
		}
	case FieldNumber:
		if fd.Max > maxFormNumber || fd.Min < -maxFormNumber {
			add("max", "bounds beyond ±%d", maxFormNumber)
		} else if fd.Max != 0 && fd.Min > fd.Max {
			add("max", "%d is below the minimum %d", fd.Max, fd.Min)
		} else if fd.Max == 0 && fd.Min > maxFormNumber {
			add("min", "%d is above the default maximum %d", fd.Min, maxFormNumber)
		}
	default:
		if fd.Min != 0 || fd.Max != 0 {
			add("max", "a %s field takes no bounds", fd.Type)
		}
	}
	return out
}
