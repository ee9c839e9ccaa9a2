"""Receipts: templates per journey and language, printing with e-receipt fallback, CLI."""
