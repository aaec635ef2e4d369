-- login_failures also counts failed public lookups and online submissions:
-- it is the table of attempts to throttle, by key (user@address, address,
-- lookup code, submitter).
ALTER TABLE login_failures RENAME TO attempts;
DROP INDEX login_failures_by_key;
CREATE INDEX attempts_by_key ON attempts (key, at);
