#!/usr/bin/env bash
# The naive way teachers would batch-render: one papermill CLI run then one `jupyter nbconvert --to webpdf`
# per sheet (a kernel, a notebook conversion and a browser per document).
# Usage: bench/naive_batch.sh BANK_DIR OUT_DIR ID...
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
venv="${VENV:-$here/.venv}"
bank="$1"; out="$2"; shift 2
mkdir -p "$out"
# nbconvert's webpdf has no browser setting and Playwright's own Chromium cannot be downloaded here:
# default Playwright's executable to Debian's Chromium (run as root: no sandbox; closed network).
webpdf_shim='
import sys
from playwright.async_api import BrowserType
_launch = BrowserType.launch
async def launch(self, *args, **kwargs):
    kwargs.setdefault("executable_path", "/usr/lib/chromium/chromium")
    kwargs["args"] = list(kwargs.get("args") or []) + ["--no-sandbox", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
    return await _launch(self, *args, **kwargs)
BrowserType.launch = launch
from nbconvert.nbconvertapp import main
sys.exit(main())
'
for id in "$@"; do
  "$venv/bin/papermill" --log-level ERROR "$here/notebooks/rendu.ipynb" "$out/$id.ipynb" \
      -p bank "$bank" -p documents "[\"$id\"]" -p fmt html -p out_dir "$out/html" -p sheets 1
  "$venv/bin/python" -c "$webpdf_shim" --log-level ERROR --to webpdf --no-input "$out/$id.ipynb"
done
