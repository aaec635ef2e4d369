package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/motcua/motcua/internal/identity/idpfake"
)

func init() {
	registerFake("idp", "the national e-ID sign-on (VNeID, OpenID Connect)", runFakeIDP)
}

func runFakeIDP(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fake idp", flag.ContinueOnError)
	fs.SetOutput(stdout)
	addr := fs.String("addr", "127.0.0.1:9200", "`host:port` to listen on")
	id := fs.String("client-id", "motcua", "the client id the fake accepts")
	secret := fs.String("client-secret", "motcua-demo", "the client secret the fake accepts")
	redirects := fs.String("redirect", "http://localhost:8080/dang-nhap/vneid/ve,http://127.0.0.1:8080/dang-nhap/vneid/ve",
		"comma-separated callback `URLs` it sends browsers back to (any port on a loopback host)")
	logouts := fs.String("logout-redirect", "http://localhost:8080/,http://127.0.0.1:8080/", "comma-separated `URLs` it returns to after sign-out")
	var fl idpfake.Faults
	fs.Float64Var(&fl.Token5xx, "fail-token", 0, "probability of the token endpoint answering 503")
	fs.Float64Var(&fl.Userinfo5xx, "fail-userinfo", 0, "probability of userinfo answering 503")
	fs.Float64Var(&fl.JWKS5xx, "fail-jwks", 0, "probability of the key set answering 503")
	rotate := fs.Duration("rotate-every", 0, "start signing with a new key this often, keeping the previous one published; 0: never")
	seed := fs.Uint64("seed", 1, "seed of the fault draws")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: motcua fake idp [flags]\n\nA fake of the national portal's single sign-on over HTTP, an OpenID Connect provider:\n/.well-known/openid-configuration, /authorize (a page to pick a test citizen and a level),\n/token (code + PKCE S256), /userinfo, /jwks (ES256), /logout.\n\nFlags:")
		fs.PrintDefaults()
	}
	if pos, err := parseInterleaved(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageErr("unexpected argument %q", pos[0])
	}
	for name, p := range map[string]float64{"--fail-token": fl.Token5xx, "--fail-userinfo": fl.Userinfo5xx, "--fail-jwks": fl.JWKS5xx} {
		if p < 0 || p > 1 {
			return usageErr("%s %.2f: want 0 to 1", name, p)
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("fake idp: %w", err)
	}
	issuer := "http://" + ln.Addr().String()
	ln.Close() // serveFake listens again on the same address
	f := newDemoIDP(*id, *secret, splitList(*redirects), splitList(*logouts))
	f.SetIssuer(issuer)
	f.SetFaults(fl, *seed)
	if *rotate > 0 {
		go func() {
			t := time.NewTicker(*rotate)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					f.Rotate(true)
				}
			}
		}()
	}
	return serveFake(ctx, "idp", ln.Addr().String(), f, stdout, func(a net.Addr) string {
		return fmt.Sprintf("fake national e-ID sign-on at %s (client %s / %s)\nserve with: motcua serve --eid-issuer %s --eid-client-id %s --eid-client-secret %s",
			issuer, *id, *secret, issuer, *id, *secret)
	})
}

// newDemoIDP is the fake with one client and the demo citizens.
func newDemoIDP(id, secret string, redirects, logouts []string) *idpfake.Provider {
	return idpfake.New(idpfake.Client{ID: id, Secret: secret, RedirectURIs: redirects, LogoutURIs: logouts, AnyLoopbackPort: true})
}
