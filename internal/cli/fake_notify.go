package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/motcua/motcua/internal/notify/smsfake"
	"github.com/motcua/motcua/internal/notify/smtpfake"
	"github.com/motcua/motcua/internal/notify/zalofake"
)

func init() {
	registerFake("sms", "an SMS brandname provider (notifications)", runFakeSMS)
	registerFake("zalo", "Zalo OA ZNS (notifications)", runFakeZalo)
	registerFake("smtp", "an SMTP server with STARTTLS (notifications)", runFakeSMTP)
}

func fakeFlags(name, usage string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("fake "+name, flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: motcua fake "+name+" [flags]\n\n"+usage+"\n\nFlags:")
		fs.PrintDefaults()
	}
	return fs
}

func parseFake(fs *flag.FlagSet, args []string, probs ...float64) error {
	if pos, err := parseInterleaved(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageErr("unexpected argument %q", pos[0])
	}
	var sum float64
	for _, p := range probs {
		if p < 0 {
			return usageErr("a fault probability is negative")
		}
		sum += p
	}
	if sum > 1 {
		return usageErr("the fault probabilities add up to %.2f: want 0 to 1", sum)
	}
	return nil
}

func fakeList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func runFakeSMS(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := fakeFlags("sms", "A fake SMS brandname provider over HTTP: POST /v1/sms/send (basic authentication),\nsigned delivery reports to --callback, GET /_fake/messages to see what it holds.", stdout)
	addr := fs.String("addr", "127.0.0.1:9201", "`host:port` to listen on")
	user := fs.String("username", "motcua", "the login the fake accepts")
	pass := fs.String("password", "motcua-demo", "the password the fake accepts")
	callback := fs.String("callback", "", "`URL` of the delivery reports, e.g. http://127.0.0.1:8080/api/v1/notify/reports/sms")
	secret := fs.String("secret", "motcua-demo-report", "the secret signing the reports (the unit's report_secret)")
	var fl smsfake.Faults
	fs.Float64Var(&fl.Error5xx, "fail-5xx", 0, "probability of an HTTP 503 without sending")
	fs.Float64Var(&fl.ResetAfterApply, "fail-reset", 0, "probability of sending, then closing the connection without an answer")
	refuse := fs.String("refuse", "", "comma-separated phone numbers (84...) refused as invalid")
	undelivered := fs.String("undelivered", "", "comma-separated phone numbers whose report says failed")
	fs.BoolVar(&fl.DuplicateReports, "duplicate-reports", false, "post every delivery report twice")
	seed := fs.Uint64("seed", 1, "seed of the fault draws")
	if err := parseFake(fs, args, fl.Error5xx, fl.ResetAfterApply); err != nil {
		return err
	}
	fl.Refuse, fl.FailDelivery = fakeList(*refuse), fakeList(*undelivered)
	f := smsfake.New(*user, *pass)
	f.Callback, f.Secret = *callback, *secret
	f.SetFaults(fl, *seed)
	return serveFake(ctx, "sms", *addr, f, stdout, func(a net.Addr) string {
		return fmt.Sprintf("fake SMS provider on http://%s (login %s / %s); what it holds: GET /_fake/messages", a, *user, *pass)
	})
}

func runFakeZalo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := fakeFlags("zalo", "A fake Zalo OA over HTTP: POST /v4/oa/access_token (refresh tokens usable once),\nPOST /message/template (ZNS), signed webhook events to --callback, GET /_fake/messages.", stdout)
	addr := fs.String("addr", "127.0.0.1:9202", "`host:port` to listen on")
	app := fs.String("app-id", "motcua-demo", "the app id")
	secret := fs.String("secret-key", "motcua-demo-secret", "the app's secret key (signs the events)")
	callback := fs.String("callback", "", "`URL` of the webhook, e.g. http://127.0.0.1:8080/api/v1/notify/reports/zalo")
	var fl zalofake.Faults
	fs.Float64Var(&fl.Error5xx, "fail-5xx", 0, "probability of an HTTP 503 without sending")
	noZalo := fs.String("no-zalo", "", "comma-separated phone numbers (84...) without a Zalo account")
	fs.BoolVar(&fl.DuplicateEvents, "duplicate-events", false, "post every webhook event twice")
	seed := fs.Uint64("seed", 1, "seed of the fault draws")
	if err := parseFake(fs, args, fl.Error5xx); err != nil {
		return err
	}
	fl.NoZalo = fakeList(*noZalo)
	f := zalofake.New(*app, *secret)
	f.Callback = *callback
	f.SetFaults(fl, *seed)
	access, refresh := f.Tokens()
	return serveFake(ctx, "zalo", *addr, f, stdout, func(a net.Addr) string {
		return fmt.Sprintf("fake Zalo OA on http://%s (app %s); first tokens: access %s, refresh %s; what it holds: GET /_fake/messages", a, *app, access, refresh)
	})
}

func runFakeSMTP(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := fakeFlags("smtp", "A fake SMTP server: STARTTLS with a self-signed certificate (printed), AUTH PLAIN,\nkeeping the messages it accepts (it logs each one).", stdout)
	addr := fs.String("addr", "127.0.0.1:9203", "`host:port` to listen on")
	user := fs.String("username", "motcua", "the login the fake accepts")
	pass := fs.String("password", "motcua-demo", "the password the fake accepts")
	var fl smtpfake.Faults
	fs.Float64Var(&fl.TempFail, "fail-temp", 0, "probability of a 451 at the end of DATA")
	fs.Float64Var(&fl.DropAfter, "fail-drop", 0, "probability of accepting, then closing without an answer")
	refuse := fs.String("refuse", "", "comma-separated addresses refused with 550")
	seed := fs.Uint64("seed", 1, "seed of the fault draws")
	if err := parseFake(fs, args, fl.TempFail, fl.DropAfter); err != nil {
		return err
	}
	fl.Refuse = fakeList(*refuse)
	s, err := smtpfake.New(*user, *pass)
	if err != nil {
		return err
	}
	s.SetFaults(fl, *seed)
	s.OnMail = func(m smtpfake.Mail) { fmt.Fprintf(stdout, "mail to %s: %s\n", strings.Join(m.To, ", "), m.Subject) }
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("fake smtp: %w", err)
	}
	fmt.Fprintf(stdout, "fake SMTP server on %s (login %s / %s, STARTTLS); its certificate, for the account's ca_pem:\n%s", ln.Addr(), *user, *pass, s.CertPEM)
	go func() {
		<-ctx.Done()
		s.Close()
	}()
	if err := s.Serve(ln); err != nil && ctx.Err() == nil {
		return fmt.Errorf("fake smtp: %w", err)
	}
	return nil
}
