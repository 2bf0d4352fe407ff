"""Proactive disclosure (主动公开): catalogue, items with review workflow, channels."""
