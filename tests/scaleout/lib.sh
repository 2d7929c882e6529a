# tests/scaleout/lib.sh: helpers the scale-out tests share (sourced).

fail() {
    echo "${0##*/}: FAIL: $*" >&2
    exit 1
}

# same_files A B [NAME...]: folders A and B hold the same files, each
# byte-identical; the NAMEs are left out of the comparison.  Prints how
# many files were compared.
same_files() {
    local a=$1 b=$2 f n=0
    shift 2
    local skip=" $* "
    local la lb
    la=$(cd "$a" && ls -A | while read -r f; do [[ "$skip" == *" $f "* ]] || echo "$f"; done)
    lb=$(cd "$b" && ls -A | while read -r f; do [[ "$skip" == *" $f "* ]] || echo "$f"; done)
    [ "$la" = "$lb" ] || fail "$a and $b hold other files: $(diff <(echo "$la") <(echo "$lb") | tr '\n' ' ')"
    while read -r f; do
        cmp "$a/$f" "$b/$f" >&2 || fail "$b/$f differs from $a/$f"
        n=$((n + 1))
    done <<<"$la"
    echo "$n"
}

# expect_fail CODE OUT_EXPECTED COMMAND...: COMMAND exits with CODE and
# writes exactly OUT_EXPECTED on stderr.
expect_fail() {
    local code=$1 want=$2 rc=0 got
    shift 2
    got=$("$@" 2>&1 >/dev/null) || rc=$?
    [ "$rc" -eq "$code" ] || fail "$* exited with $rc, expected $code (stderr: $got)"
    [ "$got" = "$want" ] || fail "$*: stderr
--- got
$got
--- expected
$want"
}
