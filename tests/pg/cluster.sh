#!/bin/sh
# cluster.sh — a throw-away PostgreSQL cluster for tests (Debian's postgresql package).
#
#   uri=$(sh tests/pg/cluster.sh start DIR)   # initdb into DIR, start, create database "tocsin";
#                                             # prints the URI (Unix socket in DIR, no TCP)
#   sh tests/pg/cluster.sh stop DIR           # stop the server and remove DIR
#
# DIR must not exist yet (start creates it) and should be short: a Unix socket path
# is limited to ~100 bytes. As root the server runs as the unprivileged `postgres`
# user (else `nobody`), which owns DIR; otherwise as the calling user. Exit status of
# start: 0 ok (URI on standard output), 77 when the PostgreSQL server binaries are not
# installed (the reason on standard error: callers skip), 1 when the cluster cannot be
# made or started (initdb's or the server's log on standard error).
# Set PG_BIN to use other binaries than /usr/lib/postgresql/<newest>/bin.
set -u
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: cluster.sh start|stop DIR" >&2; exit 2; }

find_bin() {
    if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
    for d in $(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -t/ -k4 -n -r); do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
    done
}
bin=$(find_bin)

as_owner() { # runs a command as the cluster's owner
    if [ "$(id -u)" = 0 ]; then
        setpriv --reuid="$owner" --regid="$group" --clear-groups -- "$@"
    else
        "$@"
    fi
}

owner_of() {
    if [ "$(id -u)" != 0 ]; then owner=$(id -un); group=$(id -gn); return; fi
    if id postgres > /dev/null 2>&1; then
        owner=postgres; group=$(id -gn postgres)
    else
        owner=nobody; group=$(id -gn nobody)
    fi
}

case "$cmd" in
start)
    if [ -z "$bin" ]; then
        echo "skip: PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb; Debian package postgresql)" >&2
        exit 77
    fi
    if [ -e "$dir" ]; then echo "cluster.sh: $dir exists already" >&2; exit 1; fi
    owner_of
    mkdir -p "$dir" || exit 1
    dir=$(cd "$dir" && pwd)
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown "$owner:$group" "$dir"
    if ! as_owner "$bin/initdb" -D "$dir/data" -U tocsin --auth=trust -E UTF8 --locale=C.UTF-8 \
        > "$dir/initdb.log" 2>&1; then
        # C.UTF-8 may be missing on a minimal system: plain C
        rm -rf "$dir/data"
        as_owner "$bin/initdb" -D "$dir/data" -U tocsin --auth=trust -E UTF8 --locale=C \
            > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    # Unix socket in DIR only; small settings so that several clusters fit on one machine;
    # fsync off: a test cluster need not survive a power cut (crash safety of the store is
    # the server's WAL, which stays on).
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses= -c unix_socket_directories=$dir -c fsync=off -c shared_buffers=32MB -c max_connections=40" \
        start > "$dir/pg_ctl.log" 2>&1; then
        cat "$dir/pg_ctl.log" "$dir/server.log" >&2
        exit 1
    fi
    if ! as_owner "$bin/createdb" -h "$dir" -U tocsin tocsin > "$dir/createdb.log" 2>&1; then
        cat "$dir/createdb.log" >&2
        exit 1
    fi
    echo "postgresql://tocsin@/tocsin?host=$dir"
    ;;
stop)
    if [ -d "$dir/data" ] && [ -n "$bin" ]; then
        owner_of
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop > /dev/null 2>&1
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: cluster.sh start|stop DIR" >&2
    exit 2
    ;;
esac
