"""The command line and the preview server."""
