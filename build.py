#!/usr/bin/env python3
"""Bantin's one entry point: python build.py [build|serve|check|…] [OPTIONS]."""

import gc
import sys

from bantin.cli import main

if __name__ == "__main__":
    status = main()
    # What the command made is freed by the exit itself: the collector's last pass over
    # it (a whole Site, at the end of a build) would only take time.
    gc.freeze()
    sys.exit(status)
