"""Export targets. Each module registers one Exporter; importing this package loads them all."""

from . import web  # noqa: F401  (registers itself)
from .base import EXPORTERS, Exporter, register

__all__ = ["EXPORTERS", "Exporter", "register"]
