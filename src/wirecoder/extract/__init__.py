"""Extraction stage: actors, quotes, events and commitments from analysed text."""

from wirecoder.extract.pipeline import Extractor

__all__ = ["Extractor"]
