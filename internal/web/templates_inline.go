package web

import (
	"regexp"
	"strings"
)

// The templates ask for most of their words by a fixed key with no
// arguments: {{.T "office.dossier.code"}}. Each such call is, at every view,
// a method looked up and called through reflection and its result escaped:
// about 1.6 µs, a thousand of them in the templates, a third of the actions an
// officer's page runs. The words never change while the server runs, so the
// templates are parsed once per language with those calls written out as
// text (inlineTranslations). Calls with arguments, and calls where the text
// would need another escaping than HTML's (a URL, a script, a style, an
// attribute not on the list below), stay calls.

// staticT is a translation by a fixed key with no arguments, as a whole
// action: {{.T "key"}} or {{$.T "key"}}, with or without trim markers.
var staticT = regexp.MustCompile(`\{\{-? *\$?\.T "([^"\\]+)" *-?\}\}`)

// plainAttrs are the attributes whose quoted values html/template escapes
// as HTML text: a translation written out in them is what the call gave.
var plainAttrs = map[string]bool{
	"aria-label": true, "title": true, "placeholder": true, "alt": true,
	"data-label": true, "value": true, "label": true, "lang": true, "hreflang": true,
}

// htmlText escapes s as html/template escapes a string in HTML text, in an
// RCDATA element and in a quoted attribute value (its htmlReplacementTable),
// so a page with its words written out is the page with its calls, byte for
// byte (TestInlinedTranslationsRenderTheSamePages).
var htmlText = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// inlineTranslations returns src with each static translation that stands
// in HTML text or in a plain attribute's quoted value written out in lang,
// and where in src the written-out calls stood (their offsets). Trim markers
// ({{- and -}}) keep their effect.
func inlineTranslations(src, lang string) (string, []int) {
	sites := staticT.FindAllStringSubmatchIndex(src, -1)
	if sites == nil {
		return src, nil
	}
	var b strings.Builder
	ctx := htmlScanner{}
	last := 0
	var done []int
	for _, m := range sites {
		ctx.scan(src[last:m[0]])
		action := src[m[0]:m[1]]
		text := htmlText.Replace(translate(lang, src[m[2]:m[3]]))
		if !ctx.plain() || !inlinable(text) {
			b.WriteString(src[last:m[1]])
			last = m[1]
			continue
		}
		before := src[last:m[0]]
		if strings.HasPrefix(action, "{{-") {
			before = strings.TrimRight(before, " \t\r\n")
		}
		b.WriteString(before)
		b.WriteString(text)
		last = m[1]
		if strings.HasSuffix(action, "-}}") {
			rest := strings.TrimLeft(src[last:], " \t\r\n")
			ctx.scan(src[last : len(src)-len(rest)])
			last = len(src) - len(rest)
		}
		done = append(done, m[0])
	}
	b.WriteString(src[last:])
	return b.String(), done
}

// inlinable reports whether text, written into a template, stays the same
// text: not empty or edged with spaces (a neighbour's trim marker would
// take them) and no braces at its edges or "{{" within (a letter's
// placeholders would parse as actions).
func inlinable(text string) bool {
	return text != "" && text == strings.TrimSpace(text) && !strings.Contains(text, "{{") &&
		strings.Trim(text, "{}") == text
}

// htmlScanner follows, over a template's text, whether the next byte is in
// HTML text, in a tag, or in an attribute's value, as far as
// inlineTranslations needs: template actions are skipped as if absent, and
// script, style and comments count as places where nothing is written out.
type htmlScanner struct {
	state   int
	attr    strings.Builder // the name of the attribute being read
	quote   byte            // the quote of the value being read
	rawText string          // "script" or "style" while in one, else ""
}

const (
	inText = iota
	inTagName
	inTag      // between attributes
	inAttrName // reading an attribute's name
	afterAttr  // after a name, before = or the next attribute
	beforeValue
	inValue // in a quoted value
	inBareValue
	inComment
)

// plain reports whether text written here is escaped as HTML text.
func (h *htmlScanner) plain() bool {
	switch h.state {
	case inText:
		return h.rawText == ""
	case inValue:
		return plainAttrs[strings.ToLower(h.attr.String())]
	}
	return false
}

func (h *htmlScanner) scan(s string) {
	for i := 0; i < len(s); i++ {
		if strings.HasPrefix(s[i:], "{{") {
			end := strings.Index(s[i:], "}}")
			if end < 0 {
				return
			}
			i += end + 1
			continue
		}
		c := s[i]
		switch h.state {
		case inText:
			switch {
			case h.rawText != "":
				if end := "</" + h.rawText; strings.EqualFold(s[i:min(len(s), i+len(end))], end) {
					h.rawText = ""
					h.state = inTagName
					i++
				}
			case strings.HasPrefix(s[i:], "<!--"):
				h.state = inComment
				i += 3
			case c == '<' && i+1 < len(s) && (isLetter(s[i+1]) || s[i+1] == '/'):
				h.state = inTagName
				for _, raw := range []string{"script", "style"} {
					if strings.EqualFold(s[i+1:min(len(s), i+1+len(raw))], raw) {
						h.rawText = raw
					}
				}
			}
		case inComment:
			if strings.HasPrefix(s[i:], "-->") {
				h.state = inText
				i += 2
			}
		case inTagName, inBareValue: // both end at a space or the tag's end
			switch {
			case c == '>':
				h.state = inText
			case isSpace(c):
				h.state = inTag
			}
		case inTag, afterAttr:
			switch {
			case c == '>':
				h.state = inText
			case c == '=' && h.state == afterAttr:
				h.state = beforeValue
			case !isSpace(c) && c != '/':
				h.attr.Reset()
				h.attr.WriteByte(c)
				h.state = inAttrName
			}
		case inAttrName:
			switch {
			case c == '>':
				h.state = inText
			case c == '=':
				h.state = beforeValue
			case isSpace(c):
				h.state = afterAttr
			default:
				h.attr.WriteByte(c)
			}
		case beforeValue:
			switch {
			case c == '"' || c == '\'':
				h.quote = c
				h.state = inValue
			case c == '>':
				h.state = inText
			case !isSpace(c):
				h.state = inBareValue
			}
		case inValue:
			if c == h.quote {
				h.state = inTag
			}
		}
	}
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isSpace(c byte) bool  { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
