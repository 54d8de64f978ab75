"""The course's server settings fill only what the server's configuration leaves unset."""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets.config import Config

from mangfold.server.settings import apply_kernel_culling, apply_voila_configuration
from mangfold.serving import KERNEL_CULLING, VOILA_CONFIGURATION


def test_the_course_culling_fills_what_the_config_leaves_unset() -> None:
    config = Config({"MappingKernelManager": {"cull_idle_timeout": 30}})  # a base class's section applies too
    manager = AsyncMappingKernelManager(config=config)
    applied = apply_kernel_culling(manager, config)
    assert "cull_idle_timeout" not in applied and manager.cull_idle_timeout == 30
    assert manager.cull_interval == KERNEL_CULLING["cull_interval"]
    assert manager.cull_connected == KERNEL_CULLING["cull_connected"]


def test_the_course_voila_settings_fill_what_the_config_leaves_unset() -> None:
    config = Config({"VoilaConfiguration": {"show_tracebacks": True}})
    applied = apply_voila_configuration(config)
    assert "show_tracebacks" not in applied and config.VoilaConfiguration.show_tracebacks is True
    assert config.VoilaConfiguration.template == VOILA_CONFIGURATION["template"]
    assert config.VoilaConfiguration.strip_sources is True
