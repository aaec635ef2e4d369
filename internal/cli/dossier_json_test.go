package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/dossier"
)

// TestDossierShowJSONIsTheAPIShape: `dossier show --json` prints the dossier
// and its events exactly as the API's views have them (one JSON shape for
// clients): every key is a view's, and a request for supplement keeps its reason and
// items in the detail.
func TestDossierShowJSONIsTheAPIShape(t *testing.T) {
	ctx := context.Background()
	dir, db, d := certificationTown(t, "Trần Thị Lan", "068090006666")
	handler, err := db.Officer(ctx, d.AssigneeID)
	if err != nil {
		t.Fatal(err)
	}
	const reason = "Bản sao chưa rõ nét"
	if _, err := db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActRequestSupplement, Reason: reason,
		Items: []string{"Bản sao chụp lại"}}, handler); err != nil {
		t.Fatal(err)
	}
	db.Close()

	var out, errb bytes.Buffer
	if code := Main(ctx, []string{"dossier", "show", d.Code, "--json", "--data", dir}, &out, &errb); code != 0 {
		t.Fatalf("show: exit %d: %s", code, errb.String())
	}
	var shown struct {
		Dossier api.DossierView `json:"dossier"`
		Events  []api.EventView `json:"events"`
	}
	dec := json.NewDecoder(&out)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&shown); err != nil {
		t.Fatalf("show --json is not the API's views: %v", err)
	}
	last := shown.Events[len(shown.Events)-1]
	if shown.Dossier.Code != d.Code || last.Kind != string(dossier.ActRequestSupplement) || last.Seq != len(shown.Events) ||
		last.FromStatus != int(dossier.Processing) || last.Detail == nil || last.Detail.Reason != reason || len(last.Detail.Items) != 1 {
		t.Errorf("show --json = %+v", shown)
	}
}
