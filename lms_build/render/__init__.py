"""Render step: Markdown and Jinja2 templates turn the resolved course into HTML."""
