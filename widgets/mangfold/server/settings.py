"""The course's server settings, applied by the extension where jupyter-server reads nothing else.

jupyter-server reads a ``jupyter_server_config.d/*.json`` file for ``ServerApp.jpserver_extensions`` only
(``ServerApp.find_server_extensions``): culling or ``VoilaConfiguration`` written there is silently ignored,
and ``MappingKernelManager`` in ``voila.json`` is ignored by Voilà's server extension. So the shipped file
only enables the extension, and the extension gives the kernel manager the course's culling and Voilà the
course's settings, each only where the server's own configuration (a ``jupyter_server_config.py/json``, the
command line) says nothing: an administrator's setting wins; a ``voila.json`` still wins for Voilà.
"""

from __future__ import annotations

from traitlets.config import Config

from ..serving import KERNEL_CULLING, VOILA_CONFIGURATION


def configured(config: Config, owner: type, key: str) -> bool:
    """Whether ``config`` sets ``key`` for ``owner`` or one of its base classes (as traitlets applies it)."""
    return any(klass.__name__ in config and key in config[klass.__name__] for klass in owner.__mro__)


def apply_kernel_culling(kernel_manager, config: Config) -> dict[str, object]:
    """Give the kernel manager the course's culling where the config sets none; what was set.

    Must run before the first kernel starts: the kernel manager starts its culler then.
    """
    applied = {key: value for key, value in KERNEL_CULLING.items()
               if not configured(config, type(kernel_manager), key)}
    for key, value in applied.items():
        setattr(kernel_manager, key, value)
    return applied


def apply_voila_configuration(config: Config) -> dict[str, object]:
    """Put the course's Voilà settings in the server's config where it has none; what was set.

    Voilà's server extension builds its ``VoilaConfiguration`` with the server as parent when it loads, which
    is after this extension (extensions load in name order: ``mangfold.server`` before ``voila...``).
    """
    section = config.VoilaConfiguration
    applied = {key: value for key, value in VOILA_CONFIGURATION.items() if key not in section}
    for key, value in applied.items():
        section[key] = value
    return applied
