"""Spirale: builder of décloisonnées, spiral learning situations for French vocational teachers.

The public API is re-exported lazily so that `import scenario_lib` stays cheap for the CLI and the kernel
of the batch runner (pandas, Jinja2 and friends load only when used).
"""

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "SpiraleError": "scenario_lib.errors",
    "load_referential": "scenario_lib.referential.registry",
    "available_referentials": "scenario_lib.referential.registry",
    "Referential": "scenario_lib.referential.model",
}


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'scenario_lib' has no attribute {name!r}")
    return getattr(import_module(module), name)


__all__ = sorted(_EXPORTS)
