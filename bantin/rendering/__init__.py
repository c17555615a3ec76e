"""Rendering: Jinja layouts, feeds, the search index, the web editor, the build's plan."""
