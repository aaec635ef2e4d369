package server

import (
	"context"
	"strings"
)

// A Check is one more condition /readyz reports beside the database and the
// portal's backlog (the disk, a read-only database, the last backup): a
// warning keeps the answer 200 and is printed; an error makes it 503.
type Check struct {
	Name string
	Run  func(ctx context.Context) (warning string, err error)
}

// AddCheck adds c to /readyz. Call it before Serve.
func (s *Server) AddCheck(c Check) { s.checks = append(s.checks, c) }

// runChecks runs every added check and returns their warnings and failures,
// each prefixed with the check's name.
func (s *Server) runChecks(ctx context.Context) (warnings, failures []string) {
	for _, c := range s.checks {
		w, err := c.Run(ctx)
		if err != nil {
			failures = append(failures, c.Name+": "+strings.TrimSpace(err.Error()))
		} else if w != "" {
			warnings = append(warnings, c.Name+": "+w)
		}
	}
	return warnings, failures
}
