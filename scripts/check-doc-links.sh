#!/usr/bin/env bash
# check-doc-links.sh: every link in README.md and docs/**/*.md must resolve.
#
#   scripts/check-doc-links.sh          # exit 0 when all resolve, 1 otherwise
#
# A link is a markdown link [text](target) or an autolink <https://...>, outside
# fenced code blocks. A target must be
#   - a public URL (http:// or https://), or mailto:, or
#   - a path relative to the file that exists inside the repository, optionally
#     with #anchor; for a markdown file the anchor must name one of its headings
#     (GitHub's rule: lower case, punctuation dropped, spaces to hyphens,
#     repeated headings numbered -1, -2, ...).
# Nothing may point outside the repository. Prints one line per broken link.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# file<TAB>target for every link outside code fences
links() {
  awk -v file="$1" '
    /^[ \t]*```/ { fence = !fence; next }
    fence { next }
    {
      line = $0
      gsub(/`[^`]*`/, "", line)           # inline code is not a link
      rest = line
      while (match(rest, /\]\([^)]*\)/)) {
        target = substr(rest, RSTART + 2, RLENGTH - 3)
        sub(/[ \t]+"[^"]*"$/, "", target)  # a title after the target
        print file "\t" target
        rest = substr(rest, RSTART + RLENGTH)
      }
      rest = line
      while (match(rest, /<https?:\/\/[^>]*>/)) {
        print file "\t" substr(rest, RSTART + 1, RLENGTH - 2)
        rest = substr(rest, RSTART + RLENGTH)
      }
    }' "$1"
}

# the anchors of a markdown file, one per line
anchors() {
  awk '
    /^[ \t]*```/ { fence = !fence; next }
    fence { next }
    /^#+[ \t]/ {
      h = $0
      sub(/^#+[ \t]+/, "", h)
      sub(/[ \t]+#*[ \t]*$/, "", h)
      h = tolower(h)
      s = ""
      for (i = 1; i <= length(h); i++) {
        c = substr(h, i, 1)
        if (c ~ /[a-z0-9_-]/) s = s c
        else if (c == " ") s = s "-"
      }
      if (s in seen) { n = seen[s]++; print s "-" n + 1 } else { seen[s] = 1; print s }
    }' "$1"
}

files=(README.md)
while IFS= read -r f; do files+=("$f"); done < <(find docs -name '*.md' -type f | sort)

broken=0
checked=0
for f in "${files[@]}"; do
  dir=$(dirname "$f")
  while IFS=$'\t' read -r file target; do
    checked=$((checked + 1))
    case "$target" in
      http://*|https://*|mailto:*)
        continue ;;
      "")
        echo "$file: empty link"; broken=$((broken + 1)); continue ;;
    esac
    path=${target%%#*}
    anchor=""
    [[ $target == *#* ]] && anchor=${target#*#}
    if [ -z "$path" ]; then
      resolved=$f
    else
      resolved=$dir/$path
    fi
    if [ ! -e "$resolved" ]; then
      echo "$file: no such file: $target"; broken=$((broken + 1)); continue
    fi
    real=$(realpath "$resolved")
    if [[ $real != "$root" && $real != "$root"/* ]]; then
      echo "$file: outside the repository: $target"; broken=$((broken + 1)); continue
    fi
    if [ -n "$anchor" ]; then
      if [[ $resolved != *.md ]]; then
        echo "$file: anchor on a file that is not markdown: $target"; broken=$((broken + 1)); continue
      fi
      if ! anchors "$resolved" | grep -qxF -- "$anchor"; then
        echo "$file: no heading #$anchor in $path${path:+ }(${resolved})"; broken=$((broken + 1))
      fi
    fi
  done < <(links "$f")
done

echo "check-doc-links: ${#files[@]} files, $checked links, $broken broken"
[ "$broken" -eq 0 ]
