#!/bin/sh
# Copy the parts of Bootstrap Italia the portal serves into static/vendor/bootstrap-italia/.
#
# Run after `npm ci`. The result is git-ignored and served by whitenoise, never by a CDN.
# Files are copied only when they changed, so running it again is cheap.
set -eu

ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
SRC="$ROOT/node_modules/bootstrap-italia/dist"
DEST="$ROOT/static/vendor/bootstrap-italia"

if [ ! -f "$SRC/css/bootstrap-italia.min.css" ]; then
    echo "vendor_static: $SRC not found; run 'npm ci --no-audit --no-fund' first." >&2
    exit 1
fi

expected=$(sed -n 's/.*"bootstrap-italia": *"\([^"]*\)".*/\1/p' "$ROOT/package.json")
installed=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$ROOT/node_modules/bootstrap-italia/package.json" | head -n 1)
if [ "$expected" != "$installed" ]; then
    echo "vendor_static: package.json pins bootstrap-italia $expected but $installed is installed; run 'npm ci'." >&2
    exit 1
fi

# A different version leaves no stale files behind.
if [ -f "$DEST/VERSION" ] && [ "$(cat "$DEST/VERSION")" != "$installed" ]; then
    rm -rf "$DEST"
fi

copy() {
    # copy SRC_REL DEST_REL: only when missing or different.
    mkdir -p "$(dirname -- "$DEST/$2")"
    if ! cmp -s "$SRC/$1" "$DEST/$2"; then
        cp "$SRC/$1" "$DEST/$2"
    fi
}

# JavaScript: only the components the templates use (scripts/bootstrap-italia-parts.js), bundled
# with the esbuild of package-lock.json; rebuilt only when the entry or the package changed.
parts="$DEST/js/bootstrap-italia.parts.min.js"
if [ ! -f "$parts" ] || [ "$ROOT/scripts/bootstrap-italia-parts.js" -nt "$parts" ] \
    || [ "$ROOT/node_modules/bootstrap-italia/package.json" -nt "$parts" ]; then
    mkdir -p "$DEST/js"
    "$ROOT/node_modules/.bin/esbuild" "$ROOT/scripts/bootstrap-italia-parts.js" --bundle --minify \
        --format=iife --target=es2019 --legal-comments=eof --log-level=warning --outfile="$parts"
fi
copy svg/sprites.svg svg/sprites.svg

# CSS: only the rules whose names appear in the templates, the Python code and the JavaScript the pages
# run (scripts/bootstrap-italia-purge.mjs, PurgeCSS); rebuilt when one of those files is newer than it.
# The packages that render forms and sign-in pages (crispy, allauth, django-filter) are read from the
# virtualenv.
PYTHON=${PYTHON:-"$ROOT/.venv/bin/python"}
if [ ! -x "$PYTHON" ]; then
    echo "vendor_static: $PYTHON not found; run 'make install' (the CSS build reads the packages' templates)." >&2
    exit 1
fi
# crispy's Python adds classes to the widgets (form-control, form-select...); of allauth, only the
# templates (its Python is large and writes no Bootstrap class).
packages=$("$PYTHON" -c 'import importlib.util as u
for name in ("crispy_forms", "crispy_bootstrap5", "django_filters", "allauth"):
    folder = u.find_spec(name).submodule_search_locations[0]
    print(folder + "/templates" if name == "allauth" else folder)')
css="$DEST/css/bootstrap-italia.parts.min.css"
set -- "$ROOT/templates" "$ROOT/static/js" "$parts" "$ROOT/scripts/bootstrap-italia-purge.mjs" \
    "$ROOT/node_modules/bootstrap-italia/package.json"
for app in core members meetings training reports tavolo; do set -- "$@" "$ROOT/$app"; done
for package in $packages; do set -- "$@" "$package"; done
if [ ! -f "$css" ] || [ -n "$(find "$@" \( -name '*.html' -o -name '*.py' -o -name '*.js' -o -name '*.mjs' \
        -o -name package.json \) -newer "$css" -print -quit)" ]; then
    mkdir -p "$DEST/css"
    # shellcheck disable=SC2086 # $packages: one folder a word
    node "$ROOT/scripts/bootstrap-italia-purge.mjs" "$SRC/css/bootstrap-italia.min.css" "$css.tmp" \
        "$ROOT/templates" "$ROOT/core" "$ROOT/members" "$ROOT/meetings" "$ROOT/training" "$ROOT/reports" \
        "$ROOT/tavolo" $packages "$ROOT/static/js" "$parts"
    mv "$css.tmp" "$css"
fi
# The full stylesheet, served before the purge, is left behind by older builds: removed.
rm -f "$DEST/css/bootstrap-italia.min.css" "$DEST/css/bootstrap-italia.min.css.map"

# Fonts: only the formats current browsers use (woff2, woff) and the licences; the static/css
# stylesheet declares them with @font-face, relative to ../vendor/bootstrap-italia/fonts/.
for family in Titillium_Web Lora Roboto_Mono; do
    for file in "$SRC/fonts/$family"/*.woff2 "$SRC/fonts/$family"/*.woff "$SRC/fonts/$family"/*.txt; do
        [ -f "$file" ] || continue
        copy "fonts/$family/$(basename -- "$file")" "fonts/$family/$(basename -- "$file")"
    done
done

echo "$installed" > "$DEST/VERSION.tmp"
if ! cmp -s "$DEST/VERSION.tmp" "$DEST/VERSION"; then
    mv "$DEST/VERSION.tmp" "$DEST/VERSION"
else
    rm "$DEST/VERSION.tmp"
fi
echo "vendor_static: bootstrap-italia $installed in ${DEST#"$ROOT"/}"
