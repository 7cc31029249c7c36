#!/bin/sh
# The man pages: one per program (pipeline/varta*.c -> pipeline/varta*.1),
# each with the sections administrators look for, rendering without a groff
# warning; every option the program's --help prints is described in its
# page, and every exit status its --help lists is in its EXIT STATUS
# section, so an option or a status added without documentation fails here.
set -u
cd "$(dirname "$0")/.."
BIN=${BIN:-bin}
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

if ! command -v groff >/dev/null 2>&1; then
    echo "FAIL groff not found (Debian groff-base; run scripts/install-deps)"
    exit 1
fi

# The page as plain text: no hyphenation, no wrapping of paragraphs, no
# bold or underline, ASCII hyphens, so an option reads as typed.
render() {
    groff -man -Tascii -rHY=0 -rLL=1000n -P-cbou "$1" 2>/dev/null
}

# The options a --help text names: every --long option, and the one-letter
# options that start a line of the option list (as varta-scan's -0).
help_options() {
    {
        grep -oE -- '--[a-z][a-z0-9-]*' "$1"
        grep -oE -- '^ +-[A-Za-z0-9]( |,|$)' "$1" | tr -d ' ,'
    } | sort -u
}

# The exit statuses a --help text lists after "Exit status:".
help_statuses() {
    sed -n '/[Ee]xit status/,$p' "$1" | grep -oE '(^|[^0-9A-Za-z/.-])(0|6[4-9]|7[0-8])([^0-9]|$)' |
        tr -cd '0-9\n' | sort -u
}

# The rendered EXIT STATUS section.
exit_section() {
    sed -n '/^EXIT STATUS/,/^[A-Z]/p' "$1"
}

for src in pipeline/varta*.c; do
    prog=$(basename "$src" .c)
    page=pipeline/$prog.1
    if [ ! -f "$page" ]; then
        bad "$prog: no man page $page"
        continue
    fi

    groff -man -ww -z "$page" >"$tmp/warn" 2>&1
    if [ -s "$tmp/warn" ]; then
        bad "$page: groff warnings:"
        sed 's/^/     /' "$tmp/warn"
    else
        ok "$page renders without warnings"
    fi

    render "$page" >"$tmp/text"
    name_line=$(sed -n '/^NAME$/{n;p;q;}' "$tmp/text" | sed 's/^ *//')
    case $name_line in
    "$prog - "*) ok "$page: NAME names $prog" ;;
    *) bad "$page: NAME reads '$name_line', want '$prog - ...' (for whatis and apropos)" ;;
    esac
    for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" EXAMPLES "SEE ALSO"; do
        grep -qx "$section" "$tmp/text" || bad "$page: no $section section"
    done

    if ! "$BIN/$prog" --help >"$tmp/help" 2>&1; then
        bad "$prog --help failed"
        continue
    fi
    n=0
    for opt in $(help_options "$tmp/help"); do
        n=$((n + 1))
        if ! grep -qE -- "(^|[^-A-Za-z0-9])$opt([^-A-Za-z0-9]|\$)" "$tmp/text"; then
            bad "$prog: option $opt (in --help) is not described in $page"
        fi
    done
    [ "$n" -gt 0 ] && ok "$prog: $n options of --help looked for in $page" ||
        bad "$prog: no option found in --help"

    exit_section "$tmp/text" >"$tmp/exit"
    for code in $(help_statuses "$tmp/help"); do
        grep -qE "^ +$code( |\$)" "$tmp/exit" ||
            bad "$prog: exit status $code (in --help) is not in the EXIT STATUS of $page"
    done
done

# A page without a program is a page about something that does not exist.
for page in pipeline/*.1; do
    prog=$(basename "$page" .1)
    [ -f "pipeline/$prog.c" ] || bad "$page: no program pipeline/$prog.c"
done
exit $fail
