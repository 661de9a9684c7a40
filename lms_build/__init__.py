"""lms-build: compile YAML e-learning courses into LMS packages, PDFs and an accessible player."""

__version__ = "0.1.0"
