package main

import (
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/motcua/motcua"

// allowedModules are the only modules the binary may link, each for a reason
// given in the README. Adding one is a decision: make it here, on purpose.
var allowedModules = map[string]string{
	"github.com/motcua/motcua":           "this project",
	"modernc.org/sqlite":                 "pure-Go SQLite, so one static binary runs a commune",
	"modernc.org/libc":                   "SQLite's C runtime, translated to Go",
	"modernc.org/mathutil":               "required by modernc.org/sqlite",
	"modernc.org/memory":                 "required by modernc.org/sqlite",
	"github.com/remyoudompheng/bigfft":   "required by modernc.org/mathutil",
	"github.com/ncruces/go-strftime":     "required by modernc.org/sqlite",
	"github.com/dustin/go-humanize":      "required by modernc.org/sqlite",
	"github.com/mattn/go-isatty":         "required by modernc.org/libc",
	"github.com/google/uuid":             "UUIDv7 identifiers, portable across engines",
	"github.com/jackc/pgx/v5":            "PostgreSQL driver",
	"github.com/jackc/pgpassfile":        "required by pgx",
	"github.com/jackc/pgservicefile":     "required by pgx",
	"github.com/jackc/puddle/v2":         "required by pgx",
	"golang.org/x/crypto":                "argon2id password hashing",
	"golang.org/x/text":                  "Unicode normalisation (NFC) of all input",
	"golang.org/x/sync":                  "required by pgx",
	"golang.org/x/sys":                   "required by modernc.org/libc",
	"go.yaml.in/yaml/v3":                 "the catalogue's YAML format, with line numbers in errors",
	"github.com/go-pdf/fpdf":             "PDF documents in pure Go",
	"github.com/go-fonts/liberation":     "Liberation Serif, metric-compatible with Times New Roman, for Decree 30 documents",
	"github.com/skip2/go-qrcode":         "the QR code on the receipt slip",
	"github.com/xuri/excelize/v2":        "XLSX exports",
	"github.com/xuri/efp":                "required by excelize",
	"github.com/xuri/nfp":                "required by excelize",
	"github.com/richardlehane/mscfb":     "required by excelize",
	"github.com/richardlehane/msoleps":   "required by excelize",
	"github.com/tiendc/go-deepcopy":      "required by excelize",
	"golang.org/x/net":                   "required by excelize",
	"rsc.io/pdf":                         "page count of uploaded PDFs (internal/filestore)",
	"github.com/smallstep/pkcs7":         "CMS SignedData of PAdES signatures and RFC 3161 tokens (internal/signing)",
	"software.sslmate.com/src/go-pkcs12": "the unit's signing key in a PKCS#12 file (internal/signing)",
	"github.com/coreos/go-oidc/v3":       "OpenID Connect sign-in with the national e-ID: discovery, id_token verification, key rotation",
	"github.com/go-jose/go-jose/v4":      "required by go-oidc (JWS signatures)",
	"golang.org/x/oauth2":                "the authorization code exchange with PKCE of the e-ID sign-in",
}

// TestModuleAllowList fails when the binary pulls in a module that is not
// on the allow-list above.
func TestModuleAllowList(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{.Path}}{{end}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	seen := map[string]bool{}
	for _, m := range strings.Fields(string(out)) {
		seen[m] = true
	}
	var extra []string
	for m := range seen {
		if _, ok := allowedModules[m]; !ok {
			extra = append(extra, m)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		t.Errorf("the binary links modules that are not on the allow-list: %v", extra)
	}
}

// domainPackages hold the nouns and rules; they never touch SQL, HTTP or an adapter.
var domainPackages = []string{"apperr", "textfold", "unit", "staff", "calendar", "catalogue", "letter", "dossier", "report", "identity"}

// forbidden are the imports a domain package may not reach, directly or through
// another package of this module.
var forbidden = []string{"database/sql", "net/http",
	module + "/internal/store", module + "/internal/web", module + "/internal/api", module + "/internal/server",
	module + "/internal/middleware", module + "/internal/cli", module + "/internal/pdf", module + "/internal/demo"}

func TestDomainPackagesStayPure(t *testing.T) {
	root := filepath.Join("..", "..")
	memo := map[string][]string{}
	var imports func(pkg string) []string
	imports = func(pkg string) []string {
		if v, ok := memo[pkg]; ok {
			return v
		}
		memo[pkg] = nil
		dir := filepath.Join(root, strings.TrimPrefix(pkg, module+"/"))
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatalf("read %s: %v", dir, err)
		}
		set := map[string]bool{}
		for _, e := range entries {
			n := e.Name()
			if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, n), nil, parser.ImportsOnly)
			if err != nil {
				t.Fatalf("parse %s: %v", n, err)
			}
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				set[p] = true
				if strings.HasPrefix(p, module+"/") {
					for _, q := range imports(p) {
						set[q] = true
					}
				}
			}
		}
		var all []string
		for p := range set {
			all = append(all, p)
		}
		memo[pkg] = all
		return all
	}
	for _, d := range domainPackages {
		if _, err := os.Stat(filepath.Join(root, "internal", d)); err != nil {
			continue // not written yet
		}
		for _, imp := range imports(module + "/internal/" + d) {
			for _, f := range forbidden {
				if imp == f || strings.HasPrefix(imp, f+"/") {
					t.Errorf("domain package internal/%s reaches %s", d, imp)
				}
			}
		}
	}
}

// maxLines bounds a source file outside tests: a file that grows past it
// holds more than one room's worth of code and is to be split by
// responsibility.
const maxLines = 600

// TestNoLargeFiles fails when a non-test Go file of the module has more than
// maxLines lines.
func TestNoLargeFiles(t *testing.T) {
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != root || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if n := strings.Count(string(b), "\n"); n > maxLines {
			t.Errorf("%s has %d lines, more than %d: split it by responsibility", path, n, maxLines)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
