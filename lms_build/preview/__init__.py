"""Live preview of a course under a simulated LMS (`lms-build preview`)."""

from .build import PREVIEW_KINDS, PreviewBuild, Snapshot
from .server import PreviewServer

__all__ = ["PREVIEW_KINDS", "PreviewBuild", "PreviewServer", "Snapshot"]
