"""wirecoder: source-linked event, quote and commitment records from news wires."""

__version__ = "0.1.0"
# Bumped whenever extraction output can change; rows in the store carry it so that
# re-extraction with a newer extractor replaces an article's rows.
EXTRACTOR_VERSION = "0.1.0"
