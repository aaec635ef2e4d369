package catalogue

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/textfold"
)

// maxAliasLen is the longest alias, in characters: an alias is what a person
// types into a search box, not a description.
const maxAliasLen = 80

// Problem is one thing wrong with a catalogue or its YAML source.
type Problem struct {
	// Line is the 1-based line in the YAML source; 0 when unknown, as for a
	// catalogue built in Go.
	Line int
	// Item names the entry at fault: "procedure 1.001193", "field HT",
	// "procedures[3]" for a procedure without a code, "catalogue" for a
	// top-level key, or "" for the YAML text as a whole.
	Item string
	// Path is the key within the item, e.g. "time_limit.kind" or
	// "steps[2].share"; "" when the problem is the item as a whole.
	Path    string
	Message string
}

// String renders the problem as "line 42: procedure 1.001193:
// time_limit.kind: unknown "weeks" ...", leaving out the parts that are
// unknown or empty.
func (p Problem) String() string {
	var parts []string
	if p.Line > 0 {
		parts = append(parts, "line "+strconv.Itoa(p.Line))
	}
	if p.Item != "" {
		parts = append(parts, p.Item)
	}
	if p.Path != "" {
		parts = append(parts, p.Path)
	}
	return strings.Join(append(parts, p.Message), ": ")
}

// ValidationError lists every problem found in a catalogue or its YAML
// source, in source order. Validate, Parse and Marshal return it; callers
// reach it with errors.As.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.String()
	}
	return "invalid catalogue: " + strings.Join(msgs, "; ")
}

// issue is a problem located by its key: the dotted path of the value in the
// catalogue's YAML tree, e.g. "procedures.3.time_limit.kind" (list indices
// are segments). It becomes a Problem once items are named and lines known.
type issue struct {
	key string
	// at is the key whose line locates the issue, when not key itself.
	at string
	// line, when positive, overrides the line lookup.
	line int
	msg  string
}

func issuef(key, format string, args ...any) issue {
	return issue{key: key, msg: fmt.Sprintf(format, args...)}
}

// lineFunc returns the line of the value at a key, or 0 when unknown.
type lineFunc func(key string) int

// labels names the items of a catalogue: the codes of its fields and
// procedures, by index ("" for an item without a code).
type labels struct {
	fields, procedures []string
}

func labelsOf(c *Catalogue) labels {
	var l labels
	for _, f := range c.Fields {
		l.fields = append(l.fields, f.Code)
	}
	for _, p := range c.Procedures {
		l.procedures = append(l.procedures, p.Code)
	}
	return l
}

// problems turns issues into Problems, naming items with l and finding lines
// with lines (which may be nil).
func problems(issues []issue, l labels, lines lineFunc) []Problem {
	out := make([]Problem, 0, len(issues))
	for _, is := range issues {
		item, path := describe(is.key, l)
		line := is.line
		if line == 0 && lines != nil {
			at := is.at
			if at == "" {
				at = is.key
			}
			line = lineOf(at, lines)
		}
		out = append(out, Problem{Line: line, Item: item, Path: path, Message: is.msg})
	}
	return out
}

// lineOf returns the line of key, or of its nearest ancestor with a known line.
func lineOf(key string, lines lineFunc) int {
	for {
		if n := lines(key); n > 0 {
			return n
		}
		i := strings.LastIndexByte(key, '.')
		if i < 0 {
			return lines("")
		}
		key = key[:i]
	}
}

// describe splits a key into the item it belongs to and the path within it:
// "procedures.3.steps.1.share" -> ("procedure 1.001193", "steps[1].share").
func describe(key string, l labels) (item, path string) {
	if key == "" {
		return "", ""
	}
	segs := strings.Split(key, ".")
	rest := segs
	item = "catalogue"
	var codes []string
	var noun string
	switch segs[0] {
	case "fields":
		codes, noun = l.fields, "field"
	case "procedures":
		codes, noun = l.procedures, "procedure"
	}
	if noun != "" && len(segs) > 1 {
		i, err := strconv.Atoi(segs[1])
		if err == nil {
			item = fmt.Sprintf("%s[%d]", segs[0], i)
			if i < len(codes) && codes[i] != "" {
				item = noun + " " + codes[i]
			}
			rest = segs[2:]
		}
	}
	var b strings.Builder
	for _, s := range rest {
		if _, err := strconv.Atoi(s); err == nil {
			b.WriteString("[" + s + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return item, b.String()
}

var (
	procedureCodeRE = regexp.MustCompile(`^[0-9]\.[0-9]{6}$`)
	fieldCodeRE     = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,15}$`)
)

// Validate checks every rule a catalogue must satisfy and returns nil, or a
// *ValidationError listing every problem (not just the first), each naming
// the item and the key, e.g. "procedure 1.001193: time_limit: missing".
//
// Fields need a unique upper-case code and a name. Each procedure needs a
// unique code shaped like 1.001193, a name, a field in the catalogue, a
// level, an online mode, a valid time limit (and valid optional service norm,
// no longer than the limit, and extended limit, longer than it), a valid fee,
// at least one step with shares summing to 100, at least one legal basis, a
// letter rule, notification statuses among 1–10, and Unverified entries that
// name its own keys.
func (c *Catalogue) Validate() error {
	if c == nil {
		return &ValidationError{Problems: []Problem{{Item: "catalogue", Message: "missing"}}}
	}
	if issues := validate(c, nil); len(issues) > 0 {
		return &ValidationError{Problems: problems(issues, labelsOf(c), nil)}
	}
	return nil
}

// validate returns the issues of c; lines, when not nil, locates keys in the
// YAML source so that a duplicate can name the line of the first.
func validate(c *Catalogue, lines lineFunc) []issue {
	var out []issue
	fieldAt := map[string]int{}
	for i, f := range c.Fields {
		key := "fields." + strconv.Itoa(i)
		switch {
		case f.Code == "":
			out = append(out, issuef(key+".code", "missing"))
		case !fieldCodeRE.MatchString(f.Code):
			out = append(out, issuef(key+".code", "%q: want upper-case letters and digits, e.g. HT", f.Code))
		}
		if j, dup := fieldAt[f.Code]; dup && f.Code != "" {
			out = append(out, issue{key: key, at: key + ".code", msg: "duplicate code " + also(j, "fields", lines)})
		} else {
			fieldAt[f.Code] = i
		}
		if blank(f.Name) {
			out = append(out, issuef(key+".name", "missing"))
		}
	}
	procAt := map[string]int{}
	for i := range c.Procedures {
		p := &c.Procedures[i]
		key := "procedures." + strconv.Itoa(i)
		if j, dup := procAt[p.Code]; dup && p.Code != "" {
			out = append(out, issue{key: key, at: key + ".code", msg: "duplicate code " + also(j, "procedures", lines)})
		} else {
			procAt[p.Code] = i
		}
		out = append(out, procedureIssues(p, key, fieldAt)...)
	}
	return out
}

// also says where the first of a duplicate is.
func also(first int, list string, lines lineFunc) string {
	if lines != nil {
		if n := lines(list + "." + strconv.Itoa(first) + ".code"); n > 0 {
			return fmt.Sprintf("(also at line %d)", n)
		}
	}
	return fmt.Sprintf("(also %s[%d])", list, first)
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

func procedureIssues(p *Procedure, key string, fieldAt map[string]int) []issue {
	var out []issue
	add := func(path, format string, args ...any) {
		out = append(out, issuef(key+"."+path, format, args...))
	}
	switch {
	case p.Code == "":
		add("code", "missing")
	case !procedureCodeRE.MatchString(p.Code):
		add("code", "%q: want a digit, a dot and six digits, e.g. 1.001193", p.Code)
	}
	if blank(p.Name) {
		add("name", "missing")
	}
	if p.FieldCode == "" {
		add("field_code", "missing")
	} else if _, ok := fieldAt[p.FieldCode]; !ok {
		add("field_code", "field %q is not in the catalogue", p.FieldCode)
	}
	switch p.Level {
	case LevelCommune, LevelDistrict, LevelProvince:
	case "":
		add("level", "missing (want commune, district or province)")
	default:
		add("level", "unknown %q (want commune, district or province)", p.Level)
	}
	for _, m := range levelIssues(p) {
		add("levels", "%s", m)
	}
	switch p.Online {
	case OnlineFull, OnlinePartial, OnlineCounter:
	case "":
		add("online", "missing (want full, partial or counter)")
	default:
		add("online", "unknown %q (want full, partial or counter)", p.Online)
	}

	limitOK := p.TimeLimit.Kind != ""
	if !limitOK {
		add("time_limit", "missing")
	} else {
		for _, e := range limitIssues(p.TimeLimit) {
			limitOK = false
			add("time_limit."+e.path, "%s", e.msg)
		}
	}
	if p.ServiceNorm != nil {
		errs := limitIssues(*p.ServiceNorm)
		for _, e := range errs {
			add("service_norm."+e.path, "%s", e.msg)
		}
		if c, ok := compareLimits(*p.ServiceNorm, p.TimeLimit); limitOK && len(errs) == 0 && ok && c > 0 {
			add("service_norm", "%s is longer than the time limit %s", *p.ServiceNorm, p.TimeLimit)
		}
	}
	if p.ExtendedLimit != nil {
		errs := limitIssues(*p.ExtendedLimit)
		for _, e := range errs {
			add("extended_limit."+e.path, "%s", e.msg)
		}
		if c, ok := compareLimits(*p.ExtendedLimit, p.TimeLimit); limitOK && len(errs) == 0 && ok && c <= 0 {
			add("extended_limit", "%s is not longer than the time limit %s", *p.ExtendedLimit, p.TimeLimit)
		}
	}

	for _, err := range p.Fee.problems() {
		var fe fieldError
		if errors.As(err, &fe) {
			add("fee."+fe.path, "%s", fe.msg)
		}
	}

	for i, c := range p.Components {
		k := fmt.Sprintf("components.%d.", i)
		if blank(c.Name) {
			add(k+"name", "missing")
		}
		switch c.Kind {
		case ComponentOriginal, ComponentCertifiedCopy, ComponentCopy, ComponentOriginalOrCopy:
		case "":
			add(k+"kind", "missing (want original, certified_copy, copy or original_or_copy)")
		default:
			add(k+"kind", "unknown %q (want original, certified_copy, copy or original_or_copy)", c.Kind)
		}
		if c.Count < 1 {
			add(k+"count", "%d: want at least 1", c.Count)
		}
	}
	for _, e := range formIssues(p) {
		add("form."+e.path, "%s", e.msg)
	}
	for i, r := range p.Results {
		if blank(r.Name) {
			add(fmt.Sprintf("results.%d.name", i), "missing")
		}
	}

	if len(p.Steps) == 0 {
		add("steps", "missing: a procedure needs at least one step")
	}
	sum, sharesOK := 0, true
	for i, s := range p.Steps {
		k := fmt.Sprintf("steps.%d.", i)
		if blank(s.Name) {
			add(k+"name", "missing")
		}
		switch s.Role {
		case RoleReception, RoleSpecialist, RoleLeader:
		case "":
			add(k+"role", "missing (want reception, specialist or leader)")
		default:
			add(k+"role", "unknown %q (want reception, specialist or leader)", s.Role)
		}
		if s.Share < 1 || s.Share > 100 {
			add(k+"share", "%d: want 1 to 100 percent", s.Share)
			sharesOK = false
		}
		sum += s.Share
	}
	if len(p.Steps) > 0 && sharesOK && sum != 100 {
		add("steps", "shares sum to %d, want 100", sum)
	}

	if len(p.LegalBases) == 0 {
		add("legal_bases", "missing: a procedure needs at least one legal basis")
	}
	for i, b := range p.LegalBases {
		if blank(b.Number) {
			add(fmt.Sprintf("legal_bases.%d.number", i), "missing")
		}
	}

	switch p.Letter {
	case LetterNone, LetterCongratulationBirth, LetterCongratulationMarriage, LetterCondolence:
	case "":
		add("letter", "missing (want none, congratulation_birth, congratulation_marriage or condolence)")
	default:
		add("letter", "unknown %q (want none, congratulation_birth, congratulation_marriage or condolence)", p.Letter)
	}

	seen := map[int]bool{}
	for i, s := range p.NotifyStatuses {
		switch {
		case s < 1 || s > 10:
			add(fmt.Sprintf("notify_statuses.%d", i), "%d is not a national status code (1 to 10)", s)
		case seen[s]:
			add(fmt.Sprintf("notify_statuses.%d", i), "%d is listed twice", s)
		}
		seen[s] = true
	}
	for i, n := range p.LawNotes {
		if blank(n) {
			add(fmt.Sprintf("law_notes.%d", i), "empty")
		}
	}
	aliases := map[string]bool{}
	for i, a := range p.Aliases {
		key := fmt.Sprintf("aliases.%d", i)
		f := textfold.Fold(a)
		switch {
		case blank(a) || f == "":
			add(key, "empty")
		case utf8.RuneCountInString(a) > maxAliasLen:
			add(key, "%q is longer than %d characters", a, maxAliasLen)
		case aliases[f]:
			add(key, "%q is listed twice (without diacritics)", a)
		}
		aliases[f] = true
	}
	keys := procedureKeys()
	named := map[string]bool{}
	for i, u := range p.Unverified {
		top, _, _ := strings.Cut(u, ".")
		switch {
		case !keys[top]:
			add(fmt.Sprintf("unverified.%d", i), "%q is not a key of a procedure", u)
		case named[u]:
			add(fmt.Sprintf("unverified.%d", i), "%q is listed twice", u)
		}
		named[u] = true
	}
	return out
}

// limitIssues checks a limit that is present, one key at a time. It follows
// calendar.Limit.Validate and falls back on it for anything it misses.
func limitIssues(l calendar.Limit) []fieldError {
	var out []fieldError
	switch l.Kind {
	case calendar.WorkingDays, calendar.WorkingHours:
		if l.N <= 0 {
			out = append(out, fieldError{"n", fmt.Sprintf("%d: must be a positive number of %s", l.N, l.Kind)})
		}
		if l.Cutoff != 0 {
			out = append(out, fieldError{"cutoff", "applies only to same_day limits"})
		}
	case calendar.SameDay:
		if l.N != 0 {
			out = append(out, fieldError{"n", "a same_day limit takes no count"})
		}
		if l.Cutoff <= 0 || l.Cutoff >= 24*60 {
			out = append(out, fieldError{"cutoff", fmt.Sprintf("%d minutes: must be a time of day after 00:00", l.Cutoff)})
		}
	case "":
		out = append(out, fieldError{"kind", "missing (want days, hours or same_day)"})
	default:
		out = append(out, fieldError{"kind", fmt.Sprintf("unknown %q (want days, hours or same_day)", l.Kind)})
	}
	if len(out) == 0 {
		if err := l.Validate(); err != nil {
			out = append(out, fieldError{"kind", err.Error()})
		}
	}
	return out
}

// compareLimits orders two limits when they can be compared without a
// working-day length: same-day before any count, counts of the same unit by
// count. ok is false for days against hours.
func compareLimits(a, b calendar.Limit) (c int, ok bool) {
	switch {
	case a.Kind == calendar.SameDay && b.Kind == calendar.SameDay:
		return 0, true
	case a.Kind == calendar.SameDay:
		return -1, true
	case b.Kind == calendar.SameDay:
		return 1, true
	case a.Kind == b.Kind:
		switch {
		case a.N < b.N:
			return -1, true
		case a.N > b.N:
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// procedureKeys returns the YAML keys of a Procedure, read from its tags so
// that it cannot fall behind the type.
func procedureKeys() map[string]bool {
	keys := map[string]bool{}
	t := reflect.TypeFor[Procedure]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		keys[name] = true
	}
	return keys
}
