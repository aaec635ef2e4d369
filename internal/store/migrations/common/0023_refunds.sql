-- Refunds asked for and sent by the payment job (store/refunds.go). A
-- payment being refunded still holds the citizen's money: it stays the
-- dossier's one live payment.
ALTER TABLE payments ADD COLUMN refund_request_id TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN refund_requested_at BIGINT;
ALTER TABLE payments ADD COLUMN refund_attempts INTEGER NOT NULL DEFAULT 0;
-- When the job may next send it; while a try runs, the end of its lease.
ALTER TABLE payments ADD COLUMN refund_next_at BIGINT;
DROP INDEX payments_one_live;
CREATE UNIQUE INDEX payments_one_live ON payments (dossier_id) WHERE state IN ('created', 'pending', 'paid', 'refund_requested');
CREATE INDEX payments_refunding ON payments (refund_next_at) WHERE state = 'refund_requested';
