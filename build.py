#!/usr/bin/env python3
"""Bantin's one entry point: python build.py [build|serve|check|…] [OPTIONS]."""

import sys

from bantin.cli import main

if __name__ == "__main__":
    sys.exit(main())
