"""Directives (văn bản): the registry, their pages, drafts made from documents."""
