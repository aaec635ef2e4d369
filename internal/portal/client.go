package portal

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/store"
)

// Config says where the portal is and how to speak to it.
type Config struct {
	// URL is the adapter's base: {URL}/auth and {URL}/integration.
	URL      string
	Username string
	Password string
	Mapping  Mapping
	// Live, when set, is the mapping the client sends with, in place of
	// Mapping: the configured one with the administrator's entries over it.
	Live *LiveMapping
	// HTTP is the client; one with no timeout of its own is fine, each call
	// carries the outbox's deadline. http.DefaultClient when nil.
	HTTP *http.Client
}

// Client speaks the portal's protocol. It keeps one session, logging in
// again when the portal says it has expired. It is safe for concurrent use.
type Client struct {
	cfg Config
	mu  sync.Mutex
	ses string
}

// Mapping returns the mapping the client sends with.
func (c *Client) Mapping() Mapping {
	if c.cfg.Live != nil {
		return c.cfg.Live.Get()
	}
	return c.cfg.Mapping
}

// New returns a client for cfg.
func New(cfg Config) (*Client, error) {
	if cfg.URL == "" {
		return nil, fmt.Errorf("portal: the adapter URL is required")
	}
	if err := cfg.Mapping.Validate(); err != nil {
		return nil, err
	}
	if cfg.HTTP == nil {
		cfg.HTTP = http.DefaultClient
	}
	cfg.URL = strings.TrimRight(cfg.URL, "/")
	return &Client{cfg: cfg}, nil
}

// ErrPortal is a refusal by the portal, with its code and message.
type ErrPortal struct {
	Service string
	Code    int
	Message string
}

func (e *ErrPortal) Error() string {
	return fmt.Sprintf("portal %s: error %d: %s", e.Service, e.Code, e.Message)
}

func (c *Client) post(ctx context.Context, path string, body, into any) (int, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return 0, fmt.Errorf("encode %s: %w", path, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.URL+path, bytes.NewReader(b))
	if err != nil {
		return 0, fmt.Errorf("portal %s: %w", path, err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.cfg.HTTP.Do(req)
	if err != nil {
		return 0, fmt.Errorf("portal %s: %w", path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return resp.StatusCode, fmt.Errorf("portal %s: read answer: %w", path, err)
	}
	if resp.StatusCode == http.StatusUnauthorized {
		return resp.StatusCode, nil
	}
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, fmt.Errorf("portal %s: HTTP %d: %.200s", path, resp.StatusCode, data)
	}
	if err := json.Unmarshal(data, into); err != nil {
		return resp.StatusCode, fmt.Errorf("portal %s: bad answer: %w", path, err)
	}
	return resp.StatusCode, nil
}

// session returns the current session, logging in when there is none.
func (c *Client) session(ctx context.Context, stale string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ses != "" && c.ses != stale {
		return c.ses, nil
	}
	var a struct {
		Session   string `json:"session"`
		ErrorCode int    `json:"error_code"`
		Message   string `json:"message"`
	}
	status, err := c.post(ctx, "/auth", map[string]string{"username": c.cfg.Username, "password": c.cfg.Password}, &a)
	if err != nil {
		return "", err
	}
	if status == http.StatusUnauthorized || a.Session == "" {
		return "", outbox.Permanent(fmt.Errorf("portal login refused for %q: %s", c.cfg.Username, a.Message))
	}
	c.ses = a.Session
	return c.ses, nil
}

// Call runs one integration service, logging in again once if the session
// expired. A refusal is an *ErrPortal.
func (c *Client) Call(ctx context.Context, req Request) (*Answer, error) {
	stale := ""
	for try := 0; ; try++ {
		ses, err := c.session(ctx, stale)
		if err != nil {
			return nil, err
		}
		req.Session = ses
		var body any = req
		switch req.Service {
		case ServiceProgress:
			body = struct {
				Request
				Data []Step `json:"data"`
			}{req, req.Steps}
		case ServiceRatings:
			body = struct {
				Request
				Data []Ratings `json:"data"`
			}{req, req.Ratings}
		}
		var a Answer
		status, err := c.post(ctx, "/integration", body, &a)
		if err != nil {
			return nil, err
		}
		if status == http.StatusUnauthorized || a.ErrorCode == CodeSessionExpired {
			if try == 0 {
				stale = ses
				continue
			}
			return nil, fmt.Errorf("portal %s: session refused right after login", req.Service)
		}
		if a.ErrorCode != CodeOK {
			return &a, &ErrPortal{Service: req.Service, Code: a.ErrorCode, Message: a.Message}
		}
		return &a, nil
	}
}

// Lookup asks the portal for a dossier; nil when it does not have it.
func (c *Client) Lookup(ctx context.Context, unit, code string) (*Found, error) {
	a, err := c.Call(ctx, Request{MaDonVi: unit, Service: ServiceLookup, MaHoSo: code})
	if err != nil {
		return nil, err
	}
	for i := range a.Result {
		if a.Result[i].MaHoSo == code {
			return &a.Result[i], nil
		}
	}
	return nil, nil
}

// Send delivers one portal message (a store.DossierChange): the dossier's
// record, created or updated, then the change's steps. It is safe to repeat:
// unless this is the first try of a message whose predecessors were all
// delivered, it first looks the dossier up (TraCuuHoSo), then creates or
// updates it, and sends only the steps the portal lacks. So a request that
// timed out after the portal applied it is not applied twice.
func (c *Client) Send(ctx context.Context, m *store.OutboxMessage) error {
	var ch store.DossierChange
	if err := json.Unmarshal(m.Payload, &ch); err != nil || ch.Dossier == nil {
		return outbox.Permanent(fmt.Errorf("portal message %s: bad payload: %v", m.ID, err))
	}
	d := ch.Dossier
	mp := c.Mapping()
	unit := mp.Unit(UnitCode(d.Code))
	steps := mp.Steps(&ch)
	exists := m.Seq > 1
	if m.Seq == 1 || m.Attempts > 1 || ch.Resync {
		found, err := c.Lookup(ctx, unit, d.Code)
		if err != nil {
			return err
		}
		exists = found != nil
		if found != nil {
			last := 0
			for _, s := range found.TienDo {
				last = max(last, s.SoThuTu)
			}
			steps = dropUpTo(steps, last)
		}
	}
	up := "False"
	if exists {
		up = "True"
	}
	if _, err := c.Call(ctx, Request{MaDonVi: unit, Service: ServiceSync, IsUpdating: up,
		Data: []Record{mp.Record(&ch)}}); err != nil {
		var pe *ErrPortal
		if errors.As(err, &pe) && pe.Code == CodeInvalid {
			return outbox.Permanent(err)
		}
		return err
	}
	if len(steps) == 0 {
		return nil
	}
	_, err := c.Call(ctx, Request{MaDonVi: unit, Service: ServiceProgress, Steps: steps})
	return err
}

func dropUpTo(steps []Step, last int) []Step {
	out := steps[:0:0]
	for _, s := range steps {
		if s.SoThuTu > last {
			out = append(out, s)
		}
	}
	return out
}
