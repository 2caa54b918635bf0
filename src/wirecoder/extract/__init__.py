"""Extraction stage: actors, quotes, events and commitments from analysed text.

The whole pipeline is ``wirecoder.extract.pipeline.Extractor``.
"""
