"""`python -m scenario_lib.server NOTEBOOK [voila options]`: what `scenario-lib atelier` starts."""

import sys

# Voilà through jupyter_server imports jsonschema; with `rfc3987_syntax` installed (pulled by jupyterlab) that
# builds a Lark grammar: ≈ 2 s of CPU at every start for an IRI format check no Voilà schema uses.
sys.modules.setdefault("rfc3987_syntax", None)
sys.argv[0] = "voila"

from scenario_lib.server.app import main  # noqa: E402 - after the module tweak above, on purpose

sys.exit(main())
