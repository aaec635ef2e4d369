package letter

import (
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestPureDomain keeps the package free of I/O and adapters: its non-test
// files may import only these packages.
func TestPureDomain(t *testing.T) {
	allowed := map[string]bool{
		"errors": true, "fmt": true, "slices": true, "strings": true, "time": true,
		"unicode/utf8": true, "golang.org/x/text/unicode/norm": true,
		"github.com/motcua/motcua/internal/calendar": true,
		// unit is a domain package too: a letter's sender is a unit's letterhead.
		"github.com/motcua/motcua/internal/unit": true,
	}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if !allowed[path] {
				t.Errorf("%s imports %q, outside the domain allow-list", name, path)
			}
		}
	}
}
