package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

// certificationTown seeds the demo commune in a data directory of its own and
// receives one certification dossier for the applicant at the counter. The
// caller closes db before running a command on dir.
func certificationTown(t *testing.T, name, id string) (dir string, db *store.DB, d *dossier.Dossier) {
	t.Helper()
	ctx := context.Background()
	dir = t.TempDir()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "motcua.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	town, err := demo.Seed(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	clerk, _ := db.OfficerByUsername(ctx, "tiepnhan1")
	d, err = db.Intake(ctx, store.IntakeRequest{UnitID: town.Unit.ID, ProcedureCode: "2.000815", Actor: clerk,
		Intake: dossier.Intake{Channel: dossier.Counter, Applicant: dossier.Applicant{FullName: name, IDNumber: id},
			Components: []dossier.Component{{Name: "Bản chính giấy tờ, văn bản làm cơ sở chứng thực"}, {Name: "Bản sao cần chứng thực (người yêu cầu tự chụp hoặc cơ quan chụp)"}}}})
	if err != nil {
		t.Fatal(err)
	}
	return dir, db, d
}

// TestDossierCommands: list and show read what the store holds, in text and JSON.
func TestDossierCommands(t *testing.T) {
	ctx := context.Background()
	dir, db, d := certificationTown(t, "Nguyễn Văn Tiến", "068090005555")
	db.Close()

	var out, errb bytes.Buffer
	if code := Main(ctx, []string{"dossier", "list", "--data", dir}, &out, &errb); code != 0 {
		t.Fatalf("list: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), d.Code) || !strings.Contains(out.String(), "Nguyễn Văn Tiến") {
		t.Errorf("list output lacks the dossier:\n%s", out.String())
	}
	out.Reset()
	if code := Main(ctx, []string{"dossier", "show", d.Code, "--json", "--data", dir}, &out, &errb); code != 0 {
		t.Fatalf("show: exit %d: %s", code, errb.String())
	}
	var shown struct {
		Dossier dossier.Dossier     `json:"dossier"`
		Events  []store.StoredEvent `json:"events"`
	}
	if err := json.Unmarshal(out.Bytes(), &shown); err != nil {
		t.Fatalf("show --json: %v\n%s", err, out.String())
	}
	if shown.Dossier.Code != d.Code || len(shown.Events) != 2 || shown.Events[0].Kind != dossier.ActReceive {
		t.Errorf("show --json = %+v", shown)
	}
	out.Reset()
	if code := Main(ctx, []string{"dossier", "show", d.Code, "--data", dir}, &out, &errb); code != 0 {
		t.Fatalf("show: exit %d", code)
	}
	if !strings.Contains(out.String(), "********5555") || strings.Contains(out.String(), "068090005555") {
		t.Errorf("show does not mask the ID number:\n%s", out.String())
	}
	errb.Reset()
	if code := Main(ctx, []string{"dossier", "show", "000.21.37.H56-990101-0001", "--data", dir}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "không tìm thấy") {
		t.Errorf("unknown code: exit %d, %s", code, errb.String())
	}
}
