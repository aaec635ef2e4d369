package web

import (
	"context"
	"encoding/csv"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestProvinceOpensOnTheLatestYearWithData, both engines: the province
// demo's history is July to December 2025; the province's page without a
// period opens on 2025 (not on the current year, which has nothing), with
// each generated commune's figures; its two shares of finished dossiers are
// labelled on time or early and resolved late, and add up to 100 (within
// their rounding). Once the
// current year has a dossier, the page opens on the current year.
func TestProvinceOpensOnTheLatestYearWithData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		clock := &demo.SimClock{}
		log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
		db := e.Open(t, store.Options{Logger: log, Now: clock.Now})
		ctx := context.Background()
		prov, err := demo.SeedProvince(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		communes := prov.Communes[:2]
		if _, err := demo.FillProvince(ctx, db, clock, communes, 6, nil); err != nil {
			t.Fatal(err)
		}
		srv := serveTestDB(t, db, log, Options{})
		p := srv.officeLogin(t, "tinh.lanhdao")

		thisYear := time.Now().In(vnZone).Format("2006")
		if thisYear <= "2025" {
			t.Skip("the demo's history is the current year's")
		}
		resp, page := p.get(t, "/can-bo/tinh")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("province page = %d", resp.StatusCode)
		}
		for _, want := range []string{`name="tu" type="date" value="2025-01-01"`, `name="den" type="date" value="2025-12-31"`,
			"Đúng và trước hạn (%)", "Giải quyết quá hạn (%)", "tinh.csv?den=2025-12-31&amp;tu=2025-01-01"} {
			if !strings.Contains(page, want) {
				t.Errorf("the province page without a period lacks %q", want)
			}
		}
		if strings.Contains(page, "Đúng hạn (%)") {
			t.Error("the page still shows the ambiguous “Đúng hạn (%)”")
		}
		resp, body := p.get(t, "/can-bo/tinh/tinh.csv?tu=2025-01-01&den=2025-12-31")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("CSV = %d", resp.StatusCode)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][6] != "Đúng và trước hạn (%)" || rows[0][7] != "Giải quyết quá hạn (%)" {
			t.Errorf("CSV header %q", rows[0])
		}
		generated := 0
		for _, r := range rows[1:] {
			if r[5] == "0" || r[5] == "" {
				continue
			}
			generated++
			if !strings.Contains(page, ">"+r[4]+"</td><td>"+r[5]+"</td>") {
				t.Errorf("%s: received %s, resolved %s in the CSV, not on the page opened without a period", r[3], r[4], r[5])
			}
			early, err1 := strconv.ParseFloat(r[6], 64)
			late, err2 := strconv.ParseFloat(r[7], 64)
			if err1 != nil || err2 != nil || early+late < 99.9 || early+late > 100.1 { // each rounded on its own (the late share to one decimal)
				t.Errorf("%s: on time or early %s %% + late %s %%, want 100", r[3], r[6], r[7])
			}
		}
		if generated != len(communes) {
			t.Errorf("%d communes with resolved dossiers in the CSV, want %d", generated, len(communes))
		}

		// A dossier received today: the current year has data now.
		reception, err := db.OfficerByUsername(ctx, "xa"+communes[0].NSOCode+".tiepnhan")
		if err != nil {
			t.Fatal(err)
		}
		pv, err := db.ProcedureByCode(ctx, officeExtractCopy)
		if err != nil {
			t.Fatal(err)
		}
		in := dossier.Intake{Channel: dossier.Counter, Applicant: dossier.Applicant{FullName: "Hoàng Thị Lan", IDNumber: "068190004321", Phone: "0987654321"}}
		for _, c := range pv.Procedure.Components {
			if c.Required {
				in.Components = append(in.Components, dossier.Component{Name: c.Name})
			}
		}
		if _, err := db.Intake(ctx, store.IntakeRequest{UnitID: communes[0].ID, ProcedureCode: officeExtractCopy, Intake: in, Actor: reception}); err != nil {
			t.Fatal(err)
		}
		if _, page := p.get(t, "/can-bo/tinh"); !strings.Contains(page, `name="tu" type="date" value="`+thisYear+`-01-01"`) {
			t.Errorf("with a dossier this year, the page does not open on %s", thisYear)
		}
	})
}
