"""Files as tests compare them: what "left as it was" means for a folder."""

from __future__ import annotations

import hashlib
from pathlib import Path


def tree_hashes(root: Path) -> dict[str, str]:
    """Every file under ``root`` with the SHA-256 of its bytes: what "left as it was" means."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}
