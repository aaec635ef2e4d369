# Shortcuts; the commands themselves are in README.md and docs/operations.md.
.PHONY: build test release ha-drill

build:
	CGO_ENABLED=0 go build -trimpath -o motcua ./cmd/motcua

test:
	go test ./...

# dist/: static binary, Debian package, container build context (scripts/release.sh).
release:
	scripts/release.sh $(VERSION)

# The failover drill: etcd, Patroni and HAProxy on this machine (root, Debian packages).
ha-drill:
	MOTCUA_HA_DRILL=1 go test -count=1 -v -run TestFailoverDrill ./internal/cli/
