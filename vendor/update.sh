#!/usr/bin/env bash
# Re-vendors the front-end assets from npm at the versions pinned in vendor/package.json.
# Nothing is loaded from a CDN at run time: the files are committed under penata/core/static/vendor.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$work/"
(cd "$work" && npm install --silent --no-audit --no-fund)
n=$work/node_modules
V=$here/../penata/core/static/vendor
mkdir -p "$V/bootstrap" "$V/htmx" "$V/chartjs" "$V/bootstrap-icons/fonts"
cp "$n/bootstrap/dist/css/bootstrap.min.css" "$n/bootstrap/dist/js/bootstrap.bundle.min.js" "$n/bootstrap/LICENSE" "$V/bootstrap/"
cp "$n/htmx.org/dist/htmx.min.js" "$n/htmx.org/LICENSE" "$V/htmx/"
cp "$n/chart.js/dist/chart.umd.min.js" "$n/chart.js/LICENSE.md" "$V/chartjs/"
cp "$n/bootstrap-icons/font/bootstrap-icons.min.css" "$n/bootstrap-icons/LICENSE" "$V/bootstrap-icons/"
cp "$n/bootstrap-icons/font/fonts/bootstrap-icons.woff2" "$n/bootstrap-icons/font/fonts/bootstrap-icons.woff" "$V/bootstrap-icons/fonts/"
# The source maps are not vendored: drop their references, or `collectstatic` with the
# production (manifest) storage stops on the missing .map files.
sed -i '/^\/[\/*]# sourceMappingURL=/d' "$V/chartjs/chart.umd.min.js" "$V/bootstrap/bootstrap.bundle.min.js" "$V/bootstrap/bootstrap.min.css"
echo "vendored into $V"
