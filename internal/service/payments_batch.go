package service

import (
	"context"
	"sync"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/store"
)

// confirmBatch is a group commit of gateway confirmations. The store's
// writer is one connection on SQLite; instead of one transaction per IPN,
// the first caller becomes the leader and commits everything queued while
// it works, in batches of at most maxBatch, and every caller gets its own
// outcome only after the commit that holds it. Nothing is acknowledged
// before it is committed. If a batch fails, each of its confirmations is
// retried alone, so one bad row cannot fail the others.
type confirmBatch struct {
	mu      sync.Mutex
	queue   []*confirmReq
	leading bool
}

const maxBatch = 128

type confirmReq struct {
	ctx  context.Context
	c    payment.Confirmation
	done chan confirmRes
}

type confirmRes struct {
	out payment.Outcome
	p   *payment.Payment
	err error
}

// confirm records c, possibly together with others.
func (b *confirmBatch) confirm(ctx context.Context, db *store.DB, c payment.Confirmation) (payment.Outcome, *payment.Payment, error) {
	if err := ctx.Err(); err != nil {
		return 0, nil, err
	}
	// Duplicates, late, unknown and wrong-amount messages are answered from
	// a read and never queue for the writer.
	p, err := db.Payment(ctx, c.TxnRef)
	if err != nil && apperr.KindOf(err) != apperr.NotFound {
		return 0, nil, err
	}
	if out, _ := payment.Decide(p, c); out != payment.Confirmed {
		return out, p, nil
	}
	r := &confirmReq{ctx: ctx, c: c, done: make(chan confirmRes, 1)}
	b.mu.Lock()
	b.queue = append(b.queue, r)
	if b.leading {
		b.mu.Unlock()
		res := <-r.done
		return res.out, res.p, res.err
	}
	b.leading = true
	b.mu.Unlock()
	for {
		b.mu.Lock()
		n := min(len(b.queue), maxBatch)
		batch := b.queue[:n:n]
		b.queue = b.queue[n:]
		if n == 0 {
			b.leading = false
			b.mu.Unlock()
			break
		}
		b.mu.Unlock()
		b.commit(db, batch)
	}
	res := <-r.done
	return res.out, res.p, res.err
}

// commit records a batch, or each alone when the batch fails. The batch
// runs without its callers' cancellation: one client hanging up must not
// fail the others; a caller already gone is left out.
func (b *confirmBatch) commit(db *store.DB, batch []*confirmReq) {
	live := batch[:0:0]
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.done <- confirmRes{err: err}
			continue
		}
		live = append(live, r)
	}
	if len(live) == 0 {
		return
	}
	ctx := context.WithoutCancel(live[0].ctx)
	cs := make([]payment.Confirmation, len(live))
	for i, r := range live {
		cs[i] = r.c
	}
	rs, err := db.ConfirmPayments(ctx, cs)
	if err == nil {
		for i, r := range live {
			r.done <- confirmRes{out: rs[i].Outcome, p: rs[i].Payment}
		}
		return
	}
	if len(live) == 1 {
		live[0].done <- confirmRes{err: err}
		return
	}
	for _, r := range live {
		rs, err := db.ConfirmPayments(ctx, []payment.Confirmation{r.c})
		if err != nil {
			r.done <- confirmRes{err: err}
			continue
		}
		r.done <- confirmRes{out: rs[0].Outcome, p: rs[0].Payment}
	}
}
