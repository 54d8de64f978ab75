"""Course content: the schema, the loader and the rules that keep nb and en in step."""

from .errors import ContentError, Problem
from .loader import find_module_dirs, load_module_content, validate_module, validate_tree
from .schema import (
    LANGUAGES,
    CheckBlock,
    Choice,
    Ending,
    ModuleContent,
    Option,
    ReflectionBlock,
    ScenarioBlock,
    Situation,
    TextBlock,
)

__all__ = [
    "LANGUAGES",
    "CheckBlock",
    "Choice",
    "ContentError",
    "Ending",
    "ModuleContent",
    "Option",
    "Problem",
    "ReflectionBlock",
    "ScenarioBlock",
    "Situation",
    "TextBlock",
    "find_module_dirs",
    "load_module_content",
    "validate_module",
    "validate_tree",
]
