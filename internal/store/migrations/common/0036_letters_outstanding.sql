-- The letters still to print and still to send, by unit: the reception
-- queue counts both on every view (store.CountLetters, capped). Over
-- letters_by_unit each count read every letter row of the unit to test
-- printed_at or sent_at; these partial indexes hold only the outstanding
-- ones and cover the count (the tested column is in the key), so a count
-- reads index entries and no rows.
CREATE INDEX letters_unprinted ON letters (unit_id, printed_at) WHERE printed_at IS NULL;
CREATE INDEX letters_unsent ON letters (unit_id, sent_at) WHERE sent_at IS NULL;
