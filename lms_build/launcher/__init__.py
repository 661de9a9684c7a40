"""LMS sides the project runs itself: a cmi5 launcher (launch URL, one-time fetch URL,
LMS.LaunchData, learner preferences, rule-checking statement forwarding to a real LRS or, for
`lms-build preview --as cmi5`, to the in-memory LRS of memory_lrs)."""

from .cmi5 import Cmi5Launcher, Event, Received, Reply
from .memory_lrs import MemoryLrs
from .rules import Violation

__all__ = ["Cmi5Launcher", "Event", "MemoryLrs", "Received", "Reply", "Violation"]
