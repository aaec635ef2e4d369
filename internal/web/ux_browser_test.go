package web_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/browsertest"
)

// tabTo presses Tab until the element with id has the focus, at most limit
// times, and fails the test if it never does: the keyboard alone reaches it.
func tabTo(t *testing.T, b *browsertest.Browser, id string, limit int) {
	t.Helper()
	for range limit {
		b.Press("\t")
		if browsertest.Eval[string](b, `document.activeElement ? document.activeElement.id : ''`) == id {
			return
		}
	}
	t.Fatalf("#%s is not reached by %d presses of Tab (focus is on %q)", id, limit,
		browsertest.Eval[string](b, `document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : ''`))
}

// TestBrowserKeyboardOnlySubmission submits a birth registration with the
// keyboard alone, on a desktop and on a 390 px phone: Tab from field to
// field, typing, Space to tick, Enter to send. A first try with mistakes
// comes back with a title starting "Lỗi:" and the focus on the error
// summary, whose first link leads to the field. (A file is chosen through
// the system's dialog, which a test cannot drive: the files are set on the
// inputs the keyboard reached.)
func TestBrowserKeyboardOnlySubmission(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	dir := t.TempDir()
	pdf := filepath.Join(dir, "to-khai.pdf")
	if err := os.WriteFile(pdf, []byte(portalMinimalPDF), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, size := range []struct {
		name string
		w, h int
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		t.Run(size.name, func(t *testing.T) {
			b := browsertest.Start(t)
			b.SetViewport(size.w, size.h)
			b.Navigate(srv.URL + "/nop-ho-so/" + birthRegistration)
			if title := browsertest.Eval[string](b, `document.title`); strings.HasPrefix(title, "Lỗi") {
				t.Errorf("a fresh form's title is %q", title)
			}

			// First try: only the name, then Enter on the send button.
			tabTo(t, b, "full_name", 40)
			b.Press("Nguyễn Thị Lan")
			tabTo(t, b, "agree", 80)
			b.Press(" ")
			if !browsertest.Eval[bool](b, `document.getElementById('agree').checked`) {
				t.Fatal("Space did not tick the pledge")
			}
			b.Press("\t")
			if got := browsertest.Eval[string](b, `document.activeElement.className`); !strings.Contains(got, "portal-submit") {
				t.Fatalf("after the pledge Tab goes to %q, not the send button", got)
			}
			if got := b.PressEnterAndWait("button.portal-submit"); got != http.StatusBadRequest {
				t.Fatalf("an incomplete form = %d, want 400", got)
			}
			if title := browsertest.Eval[string](b, `document.title`); !strings.HasPrefix(title, "Lỗi: ") {
				t.Errorf("the title with errors is %q, want it to start with \"Lỗi: \"", title)
			}
			if got := focusedID(b); got != "error-summary" {
				t.Errorf("focus after errors is on #%s, want the error summary", got)
			}
			if got := b.Value("#full_name"); got != "Nguyễn Thị Lan" {
				t.Errorf("the name typed is %q after the errors", got)
			}
			b.ExpectAccessible("the form with errors, " + size.name)
			b.Screenshot("keyboard-errors-" + size.name)
			// The summary's first link is one Tab away and names a field.
			b.Press("\t")
			if href := browsertest.Eval[string](b, `document.activeElement.getAttribute('href') || ''`); !strings.HasPrefix(href, "#") {
				t.Errorf("Tab from the summary reaches %q, not a link to a field", href)
			}

			// Second try, by keyboard from the top of the form.
			for _, f := range []struct{ id, text string }{{"id_number", "068190001234"}, {"phone", "0912345678"},
				{"address", "Thôn 3, xã Đạ Tẻh"}, {"declaration-child_name", "Nguyễn Văn An"}} {
				tabTo(t, b, f.id, 60)
				b.Press(f.text)
			}
			// A date is typed in the order of the browser's locale: set as a picker would.
			portalSetValue(t, b, "#declaration-child_birth_date", "2025-02-20")
			for _, id := range []string{"component-0", "component-1", "component-2"} {
				tabTo(t, b, id, 60)
				portalUpload(t, b, "#"+id, pdf)
			}
			if !browsertest.Eval[bool](b, `document.getElementById('agree').checked`) {
				tabTo(t, b, "agree", 60)
				b.Press(" ")
			}
			if got := b.PressEnterAndWait("button.portal-submit"); got != http.StatusOK {
				t.Fatalf("the corrected form = %d, want 200 (errors: %v)", got, b.Texts(".field-error"))
			}
			code := b.Text("#dossier-code")
			if _, err := srv.DB.Dossier(context.Background(), code); err != nil {
				t.Fatalf("the code shown, %q: %v", code, err)
			}
			b.ExpectAccessible("the confirmation, " + size.name)
			b.Screenshot("keyboard-submitted-" + size.name)
		})
	}
}
