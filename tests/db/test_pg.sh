#!/bin/sh
# test_pg.sh - PostgreSQL gives the same search results as SQLite: starts a
# throwaway server (unix socket in a temporary folder, no TCP; as nobody
# when run as root), loads `extract --format csv` of the project corpus and
# the samples with scripts/pg-load, and compares scripts/pg-search.sql with
# `whosaid search`. Exits 77 (skipped) only without PostgreSQL, which
# scripts/deps --test installs; a server that does not start is a failure.
#
# usage: test_pg.sh WHOSAID SOURCE_ROOT CORPUS_DIR
set -eu

whosaid=$1 root=$2 corpus=$3
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

ls "$corpus"/*.txt >/dev/null 2>&1 || fail "no texts in $corpus"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] && [ -x "$bin/initdb" ] || skip "PostgreSQL is not installed (Debian: apt-get install postgresql)"
command -v psql >/dev/null || skip "psql is missing"

tmp=$(mktemp -d /tmp/whosaid-pg.XXXXXX)
as=""
if [ "$(id -u)" -eq 0 ]; then
    chown nobody "$tmp"
    as="runuser -u nobody --"
fi
cleanup() {
    $as "$bin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT

$as "$bin/initdb" -D "$tmp/data" -A trust -U whosaid >"$tmp/initdb.log" 2>&1 ||
    fail "initdb failed: $(tail -n 3 "$tmp/initdb.log")"
$as "$bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w \
    -o "-k $tmp -c listen_addresses= -c fsync=off" start >/dev/null ||
    fail "the server did not start: $(tail -n 3 "$tmp/server.log")"
export PGHOST="$tmp" PGUSER=whosaid PGDATABASE=postgres

inputs="$corpus/*.txt $root/data/sample/"
# shellcheck disable=SC2086
"$whosaid" extract -q --format csv --csv-raw --out "$tmp/tables" $inputs
# shellcheck disable=SC2086
"$whosaid" db add -q "$tmp/q.db" $inputs
chmod -R a+rX "$tmp/tables"
$as env PGHOST="$PGHOST" PGUSER="$PGUSER" PGDATABASE="$PGDATABASE" "$root/scripts/pg-load" "$tmp/tables"

# The (doc, quote_id) pairs each side returns, sorted, one per line.
pairs() { python3 -c 'import csv,sys; print("\n".join(sorted(r[0]+" "+r[1] for r in csv.reader(sys.stdin) if r and r[0] != "doc")))'; }
sqlite_pairs() { "$whosaid" search "$tmp/q.db" --format csv --limit 1000000 "$@" |
    python3 -c 'import csv,sys; w=csv.writer(sys.stdout); [w.writerow([r["doc"], r["quote_id"]]) for r in csv.DictReader(sys.stdin)]' | pairs; }
pg_pairs() { $as env PGHOST="$PGHOST" PGUSER="$PGUSER" PGDATABASE="$PGDATABASE" \
    psql -X -q -v ON_ERROR_STOP=1 --csv -v words="$1" -v speaker="$2" -v about="$3" -v since= -v until= -v lim= \
    -f "$root/scripts/pg-search.sql" | python3 -c 'import csv,sys; w=csv.writer(sys.stdout); [w.writerow([r["doc"], r["quote_id"]]) for r in csv.DictReader(sys.stdin)]' | pairs; }

top=$("$whosaid" search "$tmp/q.db" --format csv --limit 1000000 |
    python3 -c 'import csv,sys,collections; c=collections.Counter(r["speaker_id"] for r in csv.DictReader(sys.stdin) if r["speaker_id"]); print(c.most_common(1)[0][0] if c else "")')
failed=0
compare() { # name sqlite-args... -- words speaker about
    name=$1; shift
    a=$(sqlite_pairs "$@")
    b=$(pg_pairs "$words" "$speaker" "$about")
    if [ "$a" = "$b" ] && [ -n "$a" ]; then
        echo "ok   $name ($(echo "$a" | wc -l) quotes)"
    else
        echo "FAIL $name"; echo "sqlite: $a" | head -n 5; echo "postgres: $b" | head -n 5
        failed=1
    fi
}
for w in war people nobody Moscow "I think" "said the"; do
    words=$w speaker= about=
    compare "words '$w'" "$w"
done
words= speaker=$top about=
compare "speaker $top" --speaker "$top"
words= speaker= about=Q212
compare "about Ukraine" --about Q212
exit $failed
