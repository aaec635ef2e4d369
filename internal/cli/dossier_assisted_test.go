package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

// TestDossierShowAssisted: `motcua dossier show` names the officer who
// helped the applicant submit online, and the submission's note.
func TestDossierShowAssisted(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
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
	d, err := db.Intake(ctx, store.IntakeRequest{UnitID: town.Unit.ID, ProcedureCode: "2.000815", Actor: clerk,
		Intake: dossier.Intake{Channel: dossier.Online, Assisted: true, Applicant: dossier.Applicant{FullName: "Lê Văn Hùng", IDNumber: "068090006666"},
			Components: []dossier.Component{{Name: "Bản chính giấy tờ, văn bản làm cơ sở chứng thực"}, {Name: "Bản sao cần chứng thực (người yêu cầu tự chụp hoặc cơ quan chụp)"}}}})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	var out, errb bytes.Buffer
	if code := Main(ctx, []string{"dossier", "show", d.Code, "--data", dir}, &out, &errb); code != 0 {
		t.Fatalf("show: exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"Hướng dẫn nộp trực tuyến: Đặng Thị Mỹ Duyên", "Nộp trực tuyến tại Bộ phận Một cửa, có cán bộ hướng dẫn"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("show lacks %q:\n%s", want, out.String())
		}
	}
}
