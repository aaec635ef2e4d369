package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

const timeLayout = "02/01/2006 15:04"

func runDossier(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	var asJSON bool
	var unitCode, query string
	var limit int
	fs := flag.NewFlagSet("dossier", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-data")
	fs.BoolVar(&asJSON, "json", false, "print JSON")
	fs.StringVar(&unitCode, "unit", "", "list: only this unit's dossiers (identifier)")
	fs.StringVar(&query, "q", "", "list: words in the code, applicant or procedure")
	fs.IntVar(&limit, "limit", 50, "list: at most this many")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: motcua dossier list [--unit CODE] [--q WORDS] [--limit N] [--json] [flags]
       motcua dossier show CODE [--json] [flags]

list prints dossiers, the most urgent first; show prints one dossier with its
whole event log (its process control slip).

Flags:`)
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 || (pos[0] == "list" && len(pos) != 1) || (pos[0] == "show" && len(pos) != 2) || (pos[0] != "list" && pos[0] != "show") {
		fs.Usage()
		return usageErr("want list, or show CODE")
	}
	if err := cfg.validate(false); err != nil {
		return err
	}
	db, err := openStore(ctx, &cfg, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()

	if pos[0] == "show" {
		d, err := db.Dossier(ctx, pos[1])
		if err != nil {
			return err
		}
		events, err := db.Events(ctx, d.ID)
		if err != nil {
			return err
		}
		if asJSON {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			views := make([]api.EventView, len(events))
			for i, e := range events {
				views[i] = api.NewEventView(e)
			}
			return enc.Encode(map[string]any{"dossier": api.NewDossierView(d), "events": views})
		}
		return printDossier(ctx, db, stdout, d, events)
	}

	f := store.DossierFilter{Query: query, Limit: limit}
	if query != "" {
		f.Order, f.Desc = store.OrderCreated, true // a search: the newest first
	}
	if unitCode != "" {
		u, err := db.UnitByCode(ctx, unitCode)
		if err != nil {
			return err
		}
		f.UnitID = u.ID
	}
	list, err := db.Dossiers(ctx, f)
	if err != nil {
		return err
	}
	if asJSON {
		views := make([]api.DossierView, len(list))
		for i, d := range list {
			views[i] = api.NewDossierView(d)
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(views)
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MÃ HỒ SƠ\tTRẠNG THÁI\tNGƯỜI NỘP\tTHỦ TỤC\tHẸN TRẢ")
	for _, d := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", d.Code, d.Status.Label(), d.Applicant.DisplayName(), d.ProcedureName, fmtTime(d.Appointment()))
	}
	return tw.Flush()
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(store.Zone).Format(timeLayout)
}

func printDossier(ctx context.Context, db *store.DB, w io.Writer, d *dossier.Dossier, events []store.StoredEvent) error {
	names := map[string]string{}
	name := func(id string) string {
		if id == "" {
			return "-"
		}
		if n, ok := names[id]; ok {
			return n
		}
		n := id
		if o, err := db.Officer(ctx, id); err == nil {
			n = o.FullName
		} else if apperr.KindOf(err) != apperr.NotFound {
			return id
		}
		names[id] = n
		return n
	}
	fmt.Fprintf(w, "Hồ sơ %s\n", d.Code)
	fmt.Fprintf(w, "  Thủ tục:      %s (%s, phiên bản %d)\n", d.ProcedureName, d.ProcedureCode, d.ProcedureVer)
	fmt.Fprintf(w, "  Người nộp:    %s, số định danh %s\n", d.Applicant.DisplayName(), dossier.MaskID(d.Applicant.IDNumber))
	fmt.Fprintf(w, "  Kênh:         %s\n", d.Channel.Label())
	if d.Assisted() {
		fmt.Fprintf(w, "  Hướng dẫn nộp trực tuyến: %s\n", name(d.AssistedBy))
	}
	fmt.Fprintf(w, "  Trạng thái:   %d %s\n", d.Status, d.Status.Label())
	fmt.Fprintf(w, "  Tiếp nhận:    %s\n", fmtTime(d.ReceivedAt))
	fmt.Fprintf(w, "  Hẹn trả:      %s\n", fmtTime(d.AppointmentAt))
	if !d.NewAppointmentAt.IsZero() {
		fmt.Fprintf(w, "  Hẹn lại:      %s\n", fmtTime(d.NewAppointmentAt))
	}
	fmt.Fprintf(w, "  Đang xử lý:   %s\n\nNhật ký:\n", name(d.AssigneeID))
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  #\tTHỜI GIAN\tTHAO TÁC\tTRẠNG THÁI\tTỪ\tĐẾN\tHẠN BƯỚC\tGHI CHÚ")
	for _, e := range events {
		note := e.Note
		if e.Detail != nil && e.Detail.Reason != "" {
			note = e.Detail.Reason
		} else if e.Detail != nil && e.Detail.Note != "" && note == "" {
			note = e.Detail.Note
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%d→%d\t%s\t%s\t%s\t%s\n", e.Seq, fmtTime(e.At), e.Kind,
			e.FromStatus, e.ToStatus, name(e.FromOfficer), name(e.ToOfficer), fmtTime(e.StepDueAt), note)
	}
	return tw.Flush()
}
