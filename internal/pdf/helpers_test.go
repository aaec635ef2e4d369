package pdf

import (
	"bytes"
	"flag"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/pdf/pdftext"
	"github.com/motcua/motcua/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden text files in testdata")

// mustRender runs a Render function and returns the PDF bytes.
func mustRender(t testing.TB, render func(io.Writer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := render(&b); err != nil {
		t.Fatalf("render: %v", err)
	}
	return b.Bytes()
}

// mustPages extracts page texts in Go.
func mustPages(t testing.TB, data []byte) []string {
	t.Helper()
	pages, err := pdftext.Pages(data)
	if err != nil {
		t.Fatalf("extracting text: %v", err)
	}
	return pages
}

// requireTool is testenv.Tool.
func requireTool(t *testing.T, tool, pkg string) string {
	t.Helper()
	return testenv.Tool(t, tool, pkg)
}

// pdftotext runs poppler's pdftotext -layout on data and returns its text,
// runs of spaces collapsed per line and blank lines dropped, so it reads like
// pdftext's.
func pdftotext(t *testing.T, data []byte) string {
	t.Helper()
	tool := requireTool(t, "pdftotext", "poppler-utils")
	cmd := exec.Command(tool, "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	return collapse(string(out))
}

// collapse folds runs of white space within lines and drops blank lines.
func collapse(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			lines = append(lines, strings.Join(f, " "))
		}
	}
	return strings.Join(lines, "\n")
}

// checkContains reports each wanted string missing from text.
func checkContains(t *testing.T, source, text string, want []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s text lacks %q\n--- text ---\n%s", source, w, text)
		}
	}
}
