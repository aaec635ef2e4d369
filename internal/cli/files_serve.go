package cli

import (
	"context"
	"crypto/x509"
	"log/slog"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/signing"
	"github.com/motcua/motcua/internal/store"
)

// filesRuntime is the opened file store and signer of a serving process.
type filesRuntime struct {
	files  filestore.Store
	signer signing.Signer // nil: signing is off
	tsa    signing.TSA
	roots  *x509.CertPool
	// crls are the revocation lists held, refreshed by startFiles from
	// crlSources; nil when none is configured.
	crls       *signing.CRLs
	crlSources []string
	crlEvery   time.Duration
	crlTimeout time.Duration
}

func (f *filesConfig) runtime(ctx context.Context, db *store.DB, data string) (*filesRuntime, error) {
	files, err := f.open(ctx, db, data)
	if err != nil {
		return nil, err
	}
	s, tsa, err := f.signer()
	if err != nil {
		return nil, err
	}
	roots, err := f.roots(s)
	if err != nil {
		return nil, err
	}
	rt := &filesRuntime{files: files, signer: s, tsa: tsa, roots: certPool(roots),
		crlSources: f.crlSources(), crlEvery: f.CRLEvery, crlTimeout: f.Timeout}
	if len(rt.crlSources) > 0 {
		if len(roots) == 0 {
			return nil, usageErr("MOTCUA_SIGN_CRLS needs the CAs whose lists they are: MOTCUA_SIGN_ROOTS, or MOTCUA_SIGN=local")
		}
		rt.crls = signing.NewCRLs(roots)
	}
	return rt, nil
}

// verify checks a signed PDF against the configured roots and the
// revocation lists held.
func (rt *filesRuntime) verify(pdf []byte) (*signing.Verified, error) {
	return signing.Verify(pdf, rt.roots, rt.crls)
}

// loadCRLs fetches every configured revocation list once and keeps those
// that are good; it returns the first error.
func (rt *filesRuntime) loadCRLs(ctx context.Context, log *slog.Logger) error {
	var first error
	for _, src := range rt.crlSources {
		b, err := signing.ReadCRL(ctx, src, rt.crlTimeout)
		if err == nil {
			var l *x509.RevocationList
			if l, err = rt.crls.Put(b); err == nil && log != nil {
				log.Info("revocation list loaded", "source", src, "issuer", l.Issuer.CommonName,
					"this_update", l.ThisUpdate, "next_update", l.NextUpdate, "revoked", len(l.RevokedCertificateEntries))
			}
		}
		if err != nil && first == nil {
			first = err
		}
	}
	return first
}

// refreshCRLs fetches the revocation lists now, then every crlEvery; a
// failed round is tried again after a minute, doubling up to crlEvery. The
// lists held stay in use meanwhile.
func (rt *filesRuntime) refreshCRLs(ctx context.Context, log *slog.Logger) {
	retry := time.Minute
	for {
		wait := rt.crlEvery
		if err := rt.loadCRLs(ctx, log); err != nil {
			log.Warn("revocation lists not refreshed", "err", err, "retry_in", retry)
			wait, retry = retry, min(2*retry, rt.crlEvery)
		} else {
			retry = time.Minute
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// How often a serving process sweeps a disk file store, and how long a
// file no record refers to is kept first (far longer than any request).
const (
	orphanSweepEvery = 24 * time.Hour
	orphanGrace      = 24 * time.Hour
)

// startFiles keeps the revocation lists fresh, when some are configured,
// sweeps a disk file store of the copies refused requests left, and runs the signing jobs beside the server, when signing is on:
// a runner of its own that claims only "sign" jobs, so that a slow signing
// service never holds up the other jobs.
func startFiles(ctx context.Context, wg *sync.WaitGroup, rt *filesRuntime, title string, db *store.DB, log *slog.Logger, baseURL func() string) {
	if rt.crls != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rt.refreshCRLs(ctx, log)
		}()
	}
	if _, ok := rt.files.(*filestore.Disk); ok {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case <-time.After(orphanSweepEvery):
				}
				removed, err := sweepOrphans(ctx, db, rt.files, time.Now().Add(-orphanGrace))
				if err != nil {
					log.Error("file store sweep", "err", err)
				} else if len(removed) > 0 {
					log.Info("file store swept", "removed", len(removed))
				}
			}
		}()
	}
	if rt.signer == nil {
		return
	}
	s := &jobs.Signer{DB: db, Files: rt.files, Signer: rt.signer, TSA: rt.tsa, CRLs: rt.crls, Title: title, BaseURL: baseURL, Now: time.Now}
	runner := jobs.New(db, log, jobs.Handlers{jobs.KindSign: jobs.SignHandler(s)})
	runner.Poll = time.Second
	// A signer that is down is tried again, 5 s then doubling up to 10 min,
	// until the job's GiveUpAfter (24 h) ends it: the attempts do not.
	runner.Backoff, runner.MaxBackoff, runner.MaxAttempts = jobs.SignBackoff, jobs.SignMaxBackoff, jobs.SignMaxAttempts
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := runner.Run(ctx); err != nil {
			log.Error("signing runner stopped", "err", err)
		}
	}()
}
