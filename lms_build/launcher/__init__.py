"""LMS sides the project runs itself: a cmi5 launcher (launch URL, one-time fetch URL,
LMS.LaunchData, learner preferences, rule-checking statement forwarding to a real LRS)."""

from .cmi5 import Cmi5Launcher, Event
from .rules import Violation

__all__ = ["Cmi5Launcher", "Event", "Violation"]
