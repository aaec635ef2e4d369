-- One open order per dossier, not one live payment. A gateway may confirm
-- an order after we expired it, when the dossier was meanwhile paid at the
-- counter or through a newer order: the citizen's money was taken twice, and
-- the late payment must be recorded as paid, then asked back as surplus
-- (store.recordOnlinePayment). The old index (created, pending, paid,
-- refund_requested) refused that update, so the confirmation failed and the
-- gateway retried it for ever. Starting an order and recording cash still
-- check, under the dossier's lock, that nothing is open or paid.
DROP INDEX payments_one_live;
CREATE UNIQUE INDEX payments_one_open ON payments (dossier_id) WHERE state IN ('created', 'pending');
