"""The engine above the pipeline: cache, keys, saved state, workers, staging and publishing,
and the one decision (decide.py) of how a build brings the output up to date."""

from .decide import Engine
from .state import BuildResult, Kind

__all__ = ["BuildResult", "Engine", "Kind"]
