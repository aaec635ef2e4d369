package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/portal/portalfake"
)

func init() {
	registerFake("portal", "the national public service portal", runFakePortal)
}

func runFakePortal(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fake portal", flag.ContinueOnError)
	fs.SetOutput(stdout)
	addr := fs.String("addr", "127.0.0.1:9100", "`host:port` to listen on")
	user := fs.String("username", "motcua", "the login the fake accepts")
	pass := fs.String("password", "motcua-demo", "the password the fake accepts")
	var fl portalfake.Faults
	fs.Float64Var(&fl.Error5xx, "fail-5xx", 0, "probability of an HTTP 503 without applying")
	fs.Float64Var(&fl.Hang, "fail-hang", 0, "probability of hanging for --delay, then 504, without applying")
	fs.Float64Var(&fl.SlowAfterApply, "fail-slow", 0, "probability of applying, then answering after --delay")
	fs.Float64Var(&fl.ResetAfterApply, "fail-reset", 0, "probability of applying, then closing the connection without an answer")
	fs.Float64Var(&fl.ExpireSession, "fail-session", 0, "probability of answering 'session expired'")
	fs.DurationVar(&fl.Delay, "delay", 2*time.Second, "how long hangs and slow answers take")
	outageAfter := fs.Duration("outage-after", 0, "start an outage this long after starting (with --outage-for)")
	outageFor := fs.Duration("outage-for", 0, "how long the outage lasts: every request gets 503")
	seed := fs.Uint64("seed", 1, "seed of the fault draws")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: motcua fake portal [flags]\n\nA fake national public service portal over HTTP: POST /auth, POST /integration\n(TraCuuHoSo, DongBoHoSoMC, CapNhatTienDoHoSoMC, LayDanhSachHoSoMoi, LayDanhSachTTHC, DongBoDanhGia), and GET /_fake/dossiers to see what it holds.\n\nFlags:")
		fs.PrintDefaults()
	}
	if pos, err := parseInterleaved(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageErr("unexpected argument %q", pos[0])
	}
	if sum := fl.Error5xx + fl.Hang + fl.SlowAfterApply + fl.ResetAfterApply + fl.ExpireSession; sum < 0 || sum > 1 {
		return usageErr("the fault probabilities add up to %.2f: want 0 to 1", sum)
	}
	if *outageFor > 0 {
		fl.OutageFrom = time.Now().Add(*outageAfter)
		fl.OutageTo = fl.OutageFrom.Add(*outageFor)
	}
	f := portalfake.New(*user, *pass)
	f.SetFaults(fl, *seed)
	if err := serveNationalList(f); err != nil {
		return err
	}
	return serveFake(ctx, "portal", *addr, f, stdout, func(a net.Addr) string {
		return fmt.Sprintf("fake national portal on http://%s (login %s / %s); what it holds: GET /_fake/dossiers", a, *user, *pass)
	})
}

// serveNationalList makes the fake's national procedure list
// (LayDanhSachTTHC) the shipped catalogue's procedures.
func serveNationalList(f *portalfake.Fake) error {
	c, err := catalogue.LoadShipped()
	if err != nil {
		return fmt.Errorf("fake portal: %w", err)
	}
	var list []portal.NationalProcedure
	for _, p := range c.Procedures {
		list = append(list, portal.NationalProcedure{MaTTHC: p.Code, TenTTHC: p.Name, MaLinhVuc: p.FieldCode})
	}
	f.SetProcedures(list)
	return nil
}
