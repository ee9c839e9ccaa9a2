"""The terminal's own small SQLite stores beside the outbox.

Per-day transfer totals (``daily_totals``) and the archive of signed applications
(``applications``).
"""
