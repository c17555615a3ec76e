"""Foundations every other part uses: messages, diagnostics, text, safe readers of TOML and YAML."""
