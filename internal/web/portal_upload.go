package web

// The files of an online submission: which were chosen, read within the
// size limit.

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"strconv"
	"strings"
)

// portalUpload is one accepted file, read and checked.
type portalUpload struct {
	proc int // index in the procedure's components
	name string
	data []byte
	// origin is the code of the earlier dossier a reused paper comes from
	// (citizen_submit.go); empty for an upload. result says the paper is
	// that dossier's signed result rather than a paper given with it.
	origin string
	result bool
	// kept says the file is the one kept from an earlier try (ux_drafts.go).
	kept bool
}

// portalChosenFile returns the file chosen in input name, or nil when none was
// (browsers send an empty part for an input left empty).
func portalChosenFile(f *multipart.Form, name string) *multipart.FileHeader {
	if f == nil {
		return nil
	}
	for _, fh := range f.File[name] {
		if fh.Filename != "" || fh.Size > 0 {
			return fh
		}
	}
	return nil
}

var errPortalTooLarge = errors.New("upload too large")

// portalReadUpload reads an uploaded file, refusing it (errPortalTooLarge) beyond
// Options.MaxUpload without reading further.
func (s *Server) portalReadUpload(fh *multipart.FileHeader) ([]byte, error) {
	if fh.Size > s.opt.MaxUpload {
		return nil, errPortalTooLarge
	}
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("open upload: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, s.opt.MaxUpload+1))
	if err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	if int64(len(b)) > s.opt.MaxUpload {
		return nil, errPortalTooLarge
	}
	return b, nil
}

// portalMB prints a size for people: 10 MB, 2,5 MB (decimal comma), or
// in KB below a megabyte.
func portalMB(n int64) string {
	if n < 1<<20 {
		return strconv.FormatInt((n+1023)/1024, 10) + " KB"
	}
	s := strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1) + " MB"
}
