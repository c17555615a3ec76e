"""The content model: settings, documents and their front-matter, authors, pages, Markdown."""
