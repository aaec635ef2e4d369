// Command loadfixture fills a database with many dossiers for load tests. It
// is a test tool, not part of motcua.
//
// Without --province (scripts/loadtest.sh): an SQLite demo town with one
// real dossier received at the counter through the store, then bulk copies
// of it.
//
//	go run ./cmd/loadfixture --data ./loadtest-data --dossiers 1000000
//
// With --province (scripts/bench-province.sh): Lâm Đồng's 124 communes on an
// empty PostgreSQL database or a new SQLite file (--db), their officers, and
// DOSSIERS dossiers over about two years with events, letters, roll-ups and
// code counters (province.go). It prints the code and last four phone
// digits of a dossier for the lookup.
//
//	createdb -h 127.0.0.1 -U postgres bench10m
//	go run ./cmd/loadfixture --province --db postgres://postgres@127.0.0.1:5432/bench10m --data ./bench10m-data --dossiers 10000000
//	go run ./cmd/loadfixture --province --db sqlite:./bench1m-data/motcua.db --data ./bench1m-data --dossiers 1000000
//
// --seeded starts from a copy of a database the province demo seeded
// (createdb -T SEEDED NAME, or a copy of the SQLite file; and a copy of its
// --data directory), which saves the seed's few minutes when building
// several sizes. --postgres is the former name of --db.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

func main() {
	data := flag.String("data", "./loadtest-data", "data directory (created, demo-seeded)")
	n := flag.Int("dossiers", 1_000_000, "dossiers to store")
	province := flag.Bool("province", false, "Lâm Đồng's 124 communes (--db) instead of the SQLite town")
	var db string
	flag.StringVar(&db, "db", "", "with --province: sqlite:PATH of a new file, or the postgres:// URL of an empty database")
	flag.StringVar(&db, "postgres", "", "the former name of --db")
	communes := flag.Int("communes", 0, "with --province: how many communes the seed generates dossiers for (0: all 124), for quick tries")
	seeded := flag.Bool("seeded", false, "with --province: the database is a copy of the province demo's seed (createdb -T, or a copy of the file), not generated again")
	flag.Parse()
	var err error
	if *province {
		f := &provinceFixture{url: db, data: *data, n: *n, seeded: *seeded, communes: *communes, out: os.Stderr, lookup: os.Stdout, now: time.Now()}
		err = f.run(context.Background())
	} else {
		err = run(context.Background(), *data, *n)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadfixture:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, data string, n int) error {
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(data, "motcua.db"), store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	town, err := demo.Seed(ctx, db)
	if err != nil {
		return err
	}
	clerk, err := db.OfficerByUsername(ctx, "tiepnhan1")
	if err != nil {
		return err
	}
	d, err := db.Intake(ctx, store.IntakeRequest{UnitID: town.Unit.ID, ProcedureCode: "2.000815", Actor: clerk,
		Intake: dossier.Intake{Channel: dossier.Counter,
			Applicant: dossier.Applicant{FullName: "Nguyễn Văn Tải", IDNumber: "068090004321", Phone: "0912340000"},
			Components: []dossier.Component{{Name: "Bản chính giấy tờ, văn bản làm cơ sở chứng thực"},
				{Name: "Bản sao cần chứng thực (người yêu cầu tự chụp hoặc cơ quan chụp)"}}}})
	if err != nil {
		return err
	}
	start := time.Now()
	if err := store.BulkCopyDossier(ctx, db, d.Code, n-1); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "stored %d dossiers in %s\n", n, time.Since(start).Round(time.Second))
	fmt.Printf("%s 0000\n", d.Code) // code and the last four digits of the phone, for the lookup
	return nil
}
