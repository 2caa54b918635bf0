"""Alembic migrations of the wirecoder store (run by ``wirecoder.store.Store``)."""
