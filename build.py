#!/usr/bin/env python3
"""Bantin's one entry point: python build.py [build|serve|check|…] [OPTIONS]."""

import os
import sys

from bantin.commands.cli import main

if __name__ == "__main__":
    status = main(exits_after=True)
    # What the command made (a whole Site, after a build) is freed by the exit itself: the
    # interpreter's tear-down would free it object by object. Everything the command wrote
    # is closed by now; only the standard streams buffer (None when started closed).
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    os._exit(status)
