package web

import (
	"context"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template/parse"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/server"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

func TestInlineTranslationsWritesOutOnlyPlainText(t *testing.T) {
	vi := func(key string) string { return htmlText.Replace(translate("vi", key)) }
	for _, c := range []struct{ src, want string }{
		{`<p>{{.T "site.name"}}</p>`, `<p>` + vi("site.name") + `</p>`},
		{`<li>{{$.T "nav.lookup"}}</li>`, `<li>` + vi("nav.lookup") + `</li>`},
		{`<title>{{.Title}} · {{.T "site.name"}}</title>`, `<title>{{.Title}} · ` + vi("site.name") + `</title>`},
		{`<nav aria-label="{{.T "site.name"}}">`, `<nav aria-label="` + vi("site.name") + `">`},
		{`<input {{if .X}}checked {{end}}placeholder='{{.T "nav.lookup"}}'>`, `<input {{if .X}}checked {{end}}placeholder='` + vi("nav.lookup") + `'>`},
		// trim markers keep trimming
		{"<b>\n  {{- .T \"nav.lookup\" -}}\n  </b>", "<b>" + vi("nav.lookup") + "</b>"},
		// with arguments, or inside an expression: still a call
		{`<p>{{.T "office.shortcut.hint" "N"}}</p>`, `<p>{{.T "office.shortcut.hint" "N"}}</p>`},
		{`<p>{{adminChoice . "x" (.T "nav.lookup") .Data}}</p>`, `<p>{{adminChoice . "x" (.T "nav.lookup") .Data}}</p>`},
		// URLs, scripts, styles, event handlers, comments, other attributes: still a call
		{`<a href="/x?q={{.T "nav.lookup"}}">`, `<a href="/x?q={{.T "nav.lookup"}}">`},
		{`<a onclick="alert('{{.T "nav.lookup"}}')">`, `<a onclick="alert('{{.T "nav.lookup"}}')">`},
		{`<script>var s = "{{.T "nav.lookup"}}";</script><p>{{.T "site.name"}}</p>`, `<script>var s = "{{.T "nav.lookup"}}";</script><p>` + vi("site.name") + `</p>`},
		{`<style>p::after { content: "{{.T "nav.lookup"}}" }</style>`, `<style>p::after { content: "{{.T "nav.lookup"}}" }</style>`},
		{`<!-- {{.T "nav.lookup"}} --><p>{{.T "site.name"}}</p>`, `<!-- {{.T "nav.lookup"}} --><p>` + vi("site.name") + `</p>`},
		{`<p style="{{.T "nav.lookup"}}" data-x={{.T "nav.lookup"}}>`, `<p style="{{.T "nav.lookup"}}" data-x={{.T "nav.lookup"}}>`},
		// the quote of one value does not end at an action's quotes
		{`<a title="{{if .X}}a{{end}}" href="{{.T "nav.lookup"}}">{{.T "site.name"}}</a>`, `<a title="{{if .X}}a{{end}}" href="{{.T "nav.lookup"}}">` + vi("site.name") + `</a>`},
	} {
		if got, _ := inlineTranslations(c.src, "vi"); got != c.want {
			t.Errorf("inlineTranslations(%q)\n got %q\nwant %q", c.src, got, c.want)
		}
	}
	if got, at := inlineTranslations(`<p>{{.T "nav.lookup"}}</p>`, "en"); got != "<p>"+translate("en", "nav.lookup")+"</p>" || !slices.Equal(at, []int{3}) {
		t.Errorf("English: %q, %v", got, at)
	}
	// A key with no message translates to itself: edged with a space, it stays a call.
	if got, _ := inlineTranslations(`<p>{{.T "no.such.key "}}</p>`, "vi"); got != `<p>{{.T "no.such.key "}}</p>` {
		t.Errorf("a text edged with a space: %q", got)
	}
	// The escaping is html/template's, '+' and quotes included.
	if got := htmlText.Replace(`a+b "c" 'd' <e> & f`); got != `a&#43;b &#34;c&#34; &#39;d&#39; &lt;e&gt; &amp; f` {
		t.Errorf("escaped %q", got)
	}
}

// TestInlinedTranslationsRenderTheSamePages serves the demo's pages twice on
// one database: with the words written out (as New parses them) and with every
// translation called at each view, and compares them byte for byte, in both
// languages, for the public pages and each kind of officer.
func TestInlinedTranslationsRenderTheSamePages(t *testing.T) {
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	db := storetest.OpenSQLiteSeeded(t, store.Options{Logger: log}, "web.demo", func(ctx context.Context, db *store.DB) error {
		_, err := demo.Seed(ctx, db)
		return err
	})
	serve := func(inline bool) string {
		w, err := New(db, log, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !inline {
			own := *w.assetSet // not the shared set
			own.pages = map[string]map[string]*template.Template{}
			for _, lang := range []string{"vi", "en"} {
				if own.pages[lang], err = parsePages(w.static, lang, false); err != nil {
					t.Fatal(err)
				}
			}
			w.assetSet = &own
		}
		ts := httptest.NewServer(server.New(db, log, metrics.New(), w, api.New(db, log, api.Options{})).Handler())
		t.Cleanup(ts.Close)
		return ts.URL
	}
	inlined, called := serve(true), serve(false)
	for _, ch := range []dossier.Channel{dossier.Counter, dossier.Online} {
		officeIntake(t, db, officeBirthReg, ch)
		officeIntake(t, db, officeExtractCopy, ch)
	}

	// what differs from one request to the next: a form's idempotency key, an error's request id
	perRequest := regexp.MustCompile(`name="idem" value="[^"]*"|<code>[0-9a-f]{16}</code>`)
	compare := func(c *testServer, paths ...string) {
		t.Helper()
		for _, lang := range []string{"vi", "en"} {
			for _, p := range paths {
				sep := "?"
				if strings.Contains(p, "?") {
					sep = "&"
				}
				c.URL = inlined
				resp, want := c.get(t, p+sep+"lang="+lang)
				c.URL = called
				resp2, got := c.get(t, p+sep+"lang="+lang)
				want, got = perRequest.ReplaceAllString(want, ""), perRequest.ReplaceAllString(got, "")
				if resp.StatusCode != resp2.StatusCode || got != want {
					i := firstDifference(want, got)
					t.Errorf("%s (%s): inlined %d, %d bytes; called %d, %d bytes; first difference at %d: %q against %q",
						p, lang, resp.StatusCode, len(want), resp2.StatusCode, len(got), i, around(want, i), around(got, i))
				}
			}
		}
	}
	anon := &testServer{URL: inlined, DB: db, Client: newJarClient(t)}
	compare(anon, "/", "/thu-tuc/"+officeBirthReg, "/tra-cuu", "/tin-tuc", "/phan-anh", "/dang-nhap", "/nop-ho-so/"+officeBirthReg, "/khong-co-trang-nay")

	pages, rows := 0, 0
	for _, who := range []string{"tiepnhan1", "hotich", "chutich", "admin"} {
		s := &testServer{URL: inlined, DB: db, Client: newJarClient(t)}
		o := s.officeLogin(t, who)
		_, work := o.get(t, "/can-bo")
		paths := []string{"/can-bo", "/can-bo/thong-ke", "/can-bo/so-theo-doi", "/can-bo/thu", "/can-bo/phan-anh", "/can-bo/thanh-toan", "/can-bo/tiep-nhan"}
		for _, m := range dossierLinkRe.FindAllStringSubmatch(work, 3) {
			paths = append(paths, m[1])
		}
		if who == "admin" {
			paths = append(paths, "/quan-tri", "/quan-tri/don-vi", "/quan-tri/can-bo", "/quan-tri/thu-tuc")
		}
		rows += strings.Count(work, `<tr class="row-`)
		compare(o.testServer, paths...)
		pages += len(paths)
	}
	if pages < 30 || rows < 4 {
		t.Fatalf("only %d officer pages compared, %d queue rows", pages, rows)
	}
}

// dossierLinkRe finds a link to a dossier's page in an officer's page.
var dossierLinkRe = regexp.MustCompile(`href="(/can-bo/ho-so/[^"#?]+)"`)

func newJarClient(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func firstDifference(a, b string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func around(s string, i int) string { return s[max(0, i-60):min(len(s), i+60)] }

// TestInlinedWordsAreEscapedAsHTMLText asks html/template itself where each
// written-out word stood: every page is parsed with its calls, escaped (by
// executing it once), and each call inlineTranslations writes out must carry
// one of the escapers that use htmlText's table (HTML text, a quoted plain
// attribute, RCDATA). A template holding such a call must not be called from
// another context either (html/template would escape a copy of it for that
// context: a URL, a script, an unquoted attribute).
func TestInlinedWordsAreEscapedAsHTMLText(t *testing.T) {
	inlined := map[string]map[int]bool{} // file -> offsets of the written-out calls
	files, err := fs.Glob(assets, "templates/*/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(files, "templates/layout.html") {
		b, err := assets.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, at := inlineTranslations(string(b), "vi")
		inlined[path.Base(f)] = map[int]bool{}
		for _, i := range at {
			inlined[path.Base(f)][i] = true
		}
	}
	pages, err := parsePages(map[string]string{}, "vi", false)
	if err != nil {
		t.Fatal(err)
	}
	plain := map[string]bool{"_html_template_htmlescaper": true, "_html_template_attrescaper": true, "_html_template_rcdataescaper": true}
	checked := 0
	for name, pt := range pages {
		_ = pt.ExecuteTemplate(io.Discard, "layout.html", &Page{Lang: "vi"}) // escapes the page; the data is not the page's
		holds := map[string]bool{}                                           // templates with a written-out call
		for _, x := range pt.Templates() {
			if x.Tree == nil {
				continue
			}
			eachNode(x.Tree.Root, func(n parse.Node) {
				a, ok := n.(*parse.ActionNode)
				if !ok || !writtenOut(inlined[x.Tree.ParseName], int(a.Pos)) {
					return
				}
				holds[x.Name()] = true
				cmds := a.Pipe.Cmds
				if len(cmds) == 1 {
					return // a template this page never calls: not escaped here
				}
				checked++
				if len(cmds) != 2 || !plain[cmds[1].String()] {
					t.Errorf("%s (page %s): %s at %d is escaped as %v, not as HTML text", x.Tree.ParseName, name, a, a.Pos, cmds[1:])
				}
			})
		}
		for _, x := range pt.Templates() {
			if x.Tree == nil {
				continue
			}
			eachNode(x.Tree.Root, func(n parse.Node) {
				if c, ok := n.(*parse.TemplateNode); ok {
					if base, _, derived := strings.Cut(c.Name, "$htmltemplate_"); derived && holds[base] {
						t.Errorf("page %s: %s calls %q, which holds written-out words, outside HTML text (%s)", name, x.Name(), base, c.Name)
					}
				}
			})
		}
	}
	if checked < 1000 {
		t.Errorf("only %d written-out calls found in the escaped templates", checked)
	}
}

// writtenOut reports whether the action whose pipeline starts at pos is one
// of the calls written out at offsets (where its "{{" stood: "{{- $.T" is the
// farthest, four bytes before its pipeline).
func writtenOut(offsets map[int]bool, pos int) bool {
	for d := 2; d <= 4; d++ {
		if offsets[pos-d] {
			return true
		}
	}
	return false
}

// eachNode calls fn for n and every node below it.
func eachNode(n parse.Node, fn func(parse.Node)) {
	if n == nil || reflect.ValueOf(n).IsNil() {
		return
	}
	fn(n)
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			eachNode(c, fn)
		}
	case *parse.IfNode:
		eachNode(n.List, fn)
		eachNode(n.ElseList, fn)
	case *parse.RangeNode:
		eachNode(n.List, fn)
		eachNode(n.ElseList, fn)
	case *parse.WithNode:
		eachNode(n.List, fn)
		eachNode(n.ElseList, fn)
	}
}
