package catalogue

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/calendar"
)

// The YAML form differs from the Go (and JSON) form in one place: a limit's
// cut-off reads "15:00" in YAML and is minutes after midnight in Go. The
// yaml* types below carry that form; everything else is shared.

type yamlCatalogue struct {
	Fields     []Field         `yaml:"fields"`
	Procedures []yamlProcedure `yaml:"procedures"`
}

type yamlLimit struct {
	Kind   calendar.LimitKind `yaml:"kind"`
	N      int                `yaml:"n,omitempty"`
	Cutoff string             `yaml:"cutoff,omitempty"`
}

// yamlProcedure mirrors Procedure key for key; TestYAMLMirrorsProcedure
// keeps the two in step.
type yamlProcedure struct {
	Code           string        `yaml:"code"`
	Name           string        `yaml:"name"`
	NameEN         string        `yaml:"name_en,omitempty"`
	Aliases        []string      `yaml:"aliases,omitempty"`
	FieldCode      string        `yaml:"field_code"`
	Level          Level         `yaml:"level"`
	Levels         []LevelChange `yaml:"levels,omitempty"`
	Online         OnlineMode    `yaml:"online"`
	TimeLimit      yamlLimit     `yaml:"time_limit"`
	ServiceNorm    *yamlLimit    `yaml:"service_norm,omitempty"`
	ExtendedLimit  *yamlLimit    `yaml:"extended_limit,omitempty"`
	Fee            FeeSchedule   `yaml:"fee"`
	Components     []Component   `yaml:"components,omitempty"`
	Form           *Form         `yaml:"form,omitempty"`
	Results        []ResultDoc   `yaml:"results,omitempty"`
	Steps          []Step        `yaml:"steps"`
	LegalBases     []LegalBasis  `yaml:"legal_bases"`
	Letter         LetterKind    `yaml:"letter"`
	NotifyStatuses []int         `yaml:"notify_statuses,omitempty"`
	Place          string        `yaml:"place,omitempty"`
	Applicants     string        `yaml:"applicants,omitempty"`
	LawNotes       []string      `yaml:"law_notes,omitempty"`
	Unverified     []string      `yaml:"unverified,omitempty"`
}

func limitToYAML(l calendar.Limit) yamlLimit {
	y := yamlLimit{Kind: l.Kind, N: l.N}
	if l.Cutoff != 0 {
		y.Cutoff = fmt.Sprintf("%02d:%02d", l.Cutoff/60, l.Cutoff%60)
	}
	return y
}

func optLimitToYAML(l *calendar.Limit) *yamlLimit {
	if l == nil {
		return nil
	}
	y := limitToYAML(*l)
	return &y
}

var clockRE = regexp.MustCompile(`^([01][0-9]|2[0-3]):([0-5][0-9])$`)

// limitFromYAML converts a YAML limit at key, reporting a bad cut-off.
func limitFromYAML(y yamlLimit, key string) (calendar.Limit, []issue) {
	l := calendar.Limit{Kind: y.Kind, N: y.N}
	if y.Cutoff == "" {
		return l, nil
	}
	m := clockRE.FindStringSubmatch(y.Cutoff)
	if m == nil {
		return l, []issue{issuef(key+".cutoff", "%q is not a time of day (want HH:MM, e.g. \"15:00\")", y.Cutoff)}
	}
	h, _ := strconv.Atoi(m[1])
	mm, _ := strconv.Atoi(m[2])
	l.Cutoff = h*60 + mm
	return l, nil
}

func procedureToYAML(p *Procedure) yamlProcedure {
	return yamlProcedure{
		Code: p.Code, Name: p.Name, NameEN: p.NameEN, Aliases: p.Aliases, FieldCode: p.FieldCode,
		Level: p.Level, Levels: p.Levels, Online: p.Online,
		TimeLimit:     limitToYAML(p.TimeLimit),
		ServiceNorm:   optLimitToYAML(p.ServiceNorm),
		ExtendedLimit: optLimitToYAML(p.ExtendedLimit),
		Fee:           p.Fee, Components: p.Components, Form: p.Form, Results: p.Results,
		Steps: p.Steps, LegalBases: p.LegalBases, Letter: p.Letter,
		NotifyStatuses: p.NotifyStatuses, Place: p.Place, Applicants: p.Applicants,
		LawNotes: p.LawNotes, Unverified: p.Unverified,
	}
}

func procedureFromYAML(y *yamlProcedure, key string) (Procedure, []issue) {
	p := Procedure{
		Code: y.Code, Name: y.Name, NameEN: y.NameEN, Aliases: y.Aliases, FieldCode: y.FieldCode,
		Level: y.Level, Levels: y.Levels, Online: y.Online,
		Fee: y.Fee, Components: y.Components, Form: y.Form, Results: y.Results,
		Steps: y.Steps, LegalBases: y.LegalBases, Letter: y.Letter,
		NotifyStatuses: y.NotifyStatuses, Place: y.Place, Applicants: y.Applicants,
		LawNotes: y.LawNotes, Unverified: y.Unverified,
	}
	var issues, is []issue
	p.TimeLimit, is = limitFromYAML(y.TimeLimit, key+".time_limit")
	issues = append(issues, is...)
	if y.ServiceNorm != nil {
		var l calendar.Limit
		l, is = limitFromYAML(*y.ServiceNorm, key+".service_norm")
		p.ServiceNorm = &l
		issues = append(issues, is...)
	}
	if y.ExtendedLimit != nil {
		var l calendar.Limit
		l, is = limitFromYAML(*y.ExtendedLimit, key+".extended_limit")
		p.ExtendedLimit = &l
		issues = append(issues, is...)
	}
	return p, issues
}

// Parse decodes a catalogue from YAML and validates it. Text is normalised
// to Unicode NFC and empty lists decode as nil, so that equal catalogues are
// deeply equal.
//
// Parse returns the catalogue, or nil and a *ValidationError whose problems
// carry the line of the fault: malformed YAML (the parser's line), keys not
// in the schema, values of the wrong type, a cut-off not written "HH:MM", and
// then, when the document decodes cleanly, every rule of Validate, e.g.
// `line 42: procedure 1.001193: time_limit.kind: unknown "weeks" ...`.
func Parse(data []byte) (*Catalogue, error) {
	root, bad := parseDocument(data)
	if bad != nil {
		return nil, &ValidationError{Problems: problems([]issue{*bad}, labels{}, nil)}
	}
	d := &decoder{lines: map[string]int{"": root.Line}}
	d.walk(root, reflect.TypeFor[yamlCatalogue](), "", 0)
	c := d.decode(root)
	l := d.labels(root)
	if len(d.issues) > 0 {
		return nil, &ValidationError{Problems: problems(d.issues, l, d.line)}
	}
	canonicalize(reflect.ValueOf(c).Elem())
	if issues := validate(c, d.line); len(issues) > 0 {
		return nil, &ValidationError{Problems: problems(issues, labelsOf(c), d.line)}
	}
	return c, nil
}

var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// lineIssue turns a yaml.v3 message ("yaml: line 3: did not find expected
// key") into an issue on key, at the message's line.
func lineIssue(key, msg string) issue {
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return issue{key: key, line: n, msg: m[2]}
	}
	return issue{key: key, msg: strings.TrimPrefix(msg, "yaml: ")}
}

// parseDocument parses data as exactly one YAML document holding a mapping.
func parseDocument(data []byte) (*yaml.Node, *issue) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &issue{msg: "empty document"}
		}
		is := lineIssue("", err.Error())
		return nil, &is
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		is := issue{line: extra.Line, msg: "more than one YAML document"}
		if err != nil {
			is = lineIssue("", err.Error())
		}
		return nil, &is
	}
	if len(doc.Content) == 0 {
		return nil, &issue{msg: "empty document"}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &issue{line: root.Line, msg: "the document must be a mapping with the keys fields and procedures"}
	}
	return root, nil
}

// decoder gathers, while decoding, the line of every key and the issues found.
type decoder struct {
	lines  map[string]int
	issues []issue
}

func (d *decoder) line(key string) int { return d.lines[key] }

// maxDepth bounds walk against alias loops; a catalogue is a few levels deep.
const maxDepth = 32

// walk records the line of every key under n and reports keys that t (the
// Go type n decodes into) does not have.
func (d *decoder) walk(n *yaml.Node, t reflect.Type, key string, depth int) {
	if depth > maxDepth {
		return
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Struct:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			sub := join(key, k.Value)
			f, ok := fieldByTag(t, k.Value)
			if !ok {
				d.issues = append(d.issues, issue{key: sub, line: k.Line, msg: "unknown key"})
				continue
			}
			if _, seen := d.lines[sub]; !seen {
				d.lines[sub] = k.Line
			}
			d.walk(v, f.Type, sub, depth+1)
		}
	case n.Kind == yaml.SequenceNode && t.Kind() == reflect.Slice:
		for i, item := range n.Content {
			sub := join(key, strconv.Itoa(i))
			d.lines[sub] = item.Line
			d.walk(item, t.Elem(), sub, depth+1)
		}
	}
}

func join(key, sub string) string {
	if key == "" {
		return sub
	}
	return key + "." + sub
}

// fieldByTag finds the struct field whose yaml tag names key.
func fieldByTag(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); name == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// decode decodes the root mapping item by item, so that a type error is
// charged to the field or procedure it occurs in.
func (d *decoder) decode(root *yaml.Node) *Catalogue {
	c := &Catalogue{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "fields" && k.Value != "procedures" {
			continue // reported by walk
		}
		items, ok := d.list(k.Value, v)
		if !ok {
			continue
		}
		for j, item := range items {
			key := k.Value + "." + strconv.Itoa(j)
			if k.Value == "fields" {
				var f Field
				d.decodeItem(item, &f, key)
				c.Fields = append(c.Fields, f)
				continue
			}
			var y yamlProcedure
			d.decodeItem(item, &y, key)
			p, issues := procedureFromYAML(&y, key)
			d.issues = append(d.issues, issues...)
			c.Procedures = append(c.Procedures, p)
		}
	}
	return c
}

// list returns the items of a top-level list; null counts as empty.
func (d *decoder) list(key string, n *yaml.Node) ([]*yaml.Node, bool) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch {
	case n.Kind == yaml.SequenceNode:
		return n.Content, true
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		return nil, true
	}
	d.issues = append(d.issues, issue{key: key, line: n.Line, msg: "must be a list"})
	return nil, false
}

func (d *decoder) decodeItem(n *yaml.Node, v any, key string) {
	err := n.Decode(v)
	var te *yaml.TypeError
	switch {
	case err == nil:
	case errors.As(err, &te):
		for _, msg := range te.Errors {
			d.issues = append(d.issues, lineIssue(key, msg))
		}
	default:
		d.issues = append(d.issues, lineIssue(key, err.Error()))
	}
}

// labels reads the code of every field and procedure from the tree, so that
// problems found before decoding completes can name their item.
func (d *decoder) labels(root *yaml.Node) labels {
	var l labels
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if v.Kind != yaml.SequenceNode {
			continue
		}
		var codes []string
		for _, item := range v.Content {
			codes = append(codes, scalarAt(item, "code"))
		}
		switch k.Value {
		case "fields":
			l.fields = codes
		case "procedures":
			l.procedures = codes
		}
	}
	return l
}

// scalarAt returns the scalar value under key in mapping n, or "".
func scalarAt(n *yaml.Node, key string) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value
		}
	}
	return ""
}

// canonicalize puts every string under v into NFC and turns empty slices
// into nil, in place.
func canonicalize(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); !norm.NFC.IsNormalString(s) {
			v.SetString(norm.NFC.String(s))
		}
	case reflect.Pointer:
		if !v.IsNil() {
			canonicalize(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			canonicalize(v.Field(i))
		}
	case reflect.Slice:
		if v.Len() == 0 {
			v.SetZero()
			return
		}
		for i := range v.Len() {
			canonicalize(v.Index(i))
		}
	}
}

// Marshal encodes c as YAML that Parse reads back to a catalogue deeply
// equal to c with its text in NFC. The output is deterministic: keys in the
// order of the types, items in the order of c, two-space indentation, text
// in NFC, limits, steps and short lists in flow style. Marshal refuses a
// catalogue that does not validate, returning the *ValidationError, so
// that its output always parses.
func Marshal(c *Catalogue) ([]byte, error) {
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("marshal catalogue: %w", err)
	}
	y := yamlCatalogue{Fields: c.Fields}
	for i := range c.Procedures {
		y.Procedures = append(y.Procedures, procedureToYAML(&c.Procedures[i]))
	}
	var n yaml.Node
	if err := n.Encode(&y); err != nil {
		return nil, fmt.Errorf("marshal catalogue: %w", err)
	}
	style(&n)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return nil, fmt.Errorf("marshal catalogue: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("marshal catalogue: %w", err)
	}
	return buf.Bytes(), nil
}

// flowKeys are the keys whose values Marshal writes on one line; flowItems
// those whose list items it writes one to a line.
var (
	flowKeys  = map[string]bool{"time_limit": true, "service_norm": true, "extended_limit": true, "notify_statuses": true, "unverified": true, "aliases": true}
	flowItems = map[string]bool{"fields": true, "components": true, "results": true, "steps": true, "legal_bases": true, "tiers": true}
)

// style normalises the text of every scalar under n to NFC and sets the flow
// style where flowKeys and flowItems ask for it.
func style(n *yaml.Node) {
	switch n.Kind {
	case yaml.ScalarNode:
		n.Value = norm.NFC.String(n.Value)
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			// The encoder quotes "n" as a YAML 1.1 boolean; as a key it
			// is plainly a string to YAML 1.2 readers, yaml.v3 included.
			if k.Value == "n" {
				k.Style = 0
			}
			if flowKeys[k.Value] {
				v.Style = yaml.FlowStyle
			}
			if flowItems[k.Value] && v.Kind == yaml.SequenceNode {
				for _, item := range v.Content {
					item.Style = yaml.FlowStyle
				}
			}
			style(k)
			style(v)
		}
	default:
		for _, c := range n.Content {
			style(c)
		}
	}
}
