"""Imported once by the local pool's fork server: every worker forked from it starts with papermill loaded."""

from .chunk import import_papermill, ipc_kernel_manager

import_papermill()
ipc_kernel_manager()
