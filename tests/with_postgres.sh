#!/usr/bin/env bash
# Run a command with a throw-away PostgreSQL server: `tests/with_postgres.sh pytest -q`.
#
# The store and web tests run on SQLite and, when CSRLEDGER_TEST_PG_URL names a server, on PostgreSQL
# too. This script installs Debian's postgresql when its programs are missing (as root, through
# apt-get), creates a cluster in a temporary folder, listening on a Unix socket there only (no TCP
# port to clash with anyone else's), exports the URL, runs the command and removes the cluster.
# Where PostgreSQL cannot be had, it says so and runs the command without it: those tests skip.
set -uo pipefail

say() { echo "with_postgres: $*" >&2; }

find_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
    done
    command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return 0; }
    return 1
}

BINDIR=$(find_bindir)
if [ -z "$BINDIR" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's postgresql"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; } </dev/null
    BINDIR=$(find_bindir)
fi
if [ -z "$BINDIR" ]; then
    say "PostgreSQL is not installed and cannot be installed here (needs root and apt-get)"
    say "the PostgreSQL runs of the store and web tests will be skipped"
    exec "$@"
fi

AS=()
if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        say "no 'postgres' user to run the server as; the PostgreSQL runs of the store and web tests will be skipped"
        exec "$@"
    fi
    AS=(runuser -u postgres --)
fi

DIR=$(mktemp -d /tmp/csrledger-pg.XXXXXX)
chmod 755 "$DIR"
[ ${#AS[@]} -gt 0 ] && chown postgres "$DIR"
cleanup() {
    "${AS[@]}" "$BINDIR/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$DIR"
}
trap cleanup EXIT

# C.UTF-8: UTF-8 text, Unicode case folding (ILIKE on Cyrillic) and code-point order, as SQLite sorts.
if ! "${AS[@]}" "$BINDIR/initdb" -D "$DIR/data" --auth=trust --encoding=UTF8 --locale=C.UTF-8 -U postgres \
        >"$DIR/initdb.log" 2>&1; then
    cat "$DIR/initdb.log" >&2
    say "initdb failed; the PostgreSQL runs of the store and web tests will be skipped"
    "$@"
    exit $?
fi
# A test server: durability off (the data is thrown away), sockets in $DIR only.
if ! "${AS[@]}" "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories=$DIR -c fsync=off -c synchronous_commit=off \
            -c full_page_writes=off -c max_connections=200" start >/dev/null; then
    cat "$DIR/server.log" >&2
    say "the server did not start; the PostgreSQL runs of the store and web tests will be skipped"
    "$@"
    exit $?
fi
export CSRLEDGER_TEST_PG_URL="postgresql+psycopg://postgres@/postgres?host=$DIR"
say "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on $DIR"
"$@"
