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
	return &filesRuntime{files: files, signer: s, tsa: tsa, roots: roots}, nil
}

// verify checks a signed PDF against the configured roots.
func (rt *filesRuntime) verify(pdf []byte) (*signing.Verified, error) {
	return signing.Verify(pdf, rt.roots)
}

// startFiles runs the signing jobs beside the server, when signing is on:
// a runner of its own that claims only "sign" jobs, so that a slow signing
// service never holds up the other jobs.
func startFiles(ctx context.Context, wg *sync.WaitGroup, rt *filesRuntime, title string, db *store.DB, log *slog.Logger, baseURL func() string) {
	if rt.signer == nil {
		return
	}
	s := &jobs.Signer{DB: db, Files: rt.files, Signer: rt.signer, TSA: rt.tsa, Title: title, BaseURL: baseURL, Now: time.Now}
	runner := jobs.New(db, log, jobs.Handlers{jobs.KindSign: jobs.SignHandler(s)})
	runner.Poll = time.Second
	runner.Backoff = 5 * time.Second
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := runner.Run(ctx); err != nil {
			log.Error("signing runner stopped", "err", err)
		}
	}()
}
