"""Assembling social-investment records from mentions."""
