"""Export targets. Each module registers one Exporter; importing this package loads them all."""

from . import (
    pdf,  # noqa: F401  (registers itself)
    scorm12,  # noqa: F401  (registers itself)
    scorm2004,  # noqa: F401  (registers itself)
    web,  # noqa: F401  (registers itself)
)
from .base import EXPORTERS, Exporter, register

__all__ = ["EXPORTERS", "Exporter", "register"]
