"""Booking codes (the rules live with the terminal, which checks a typed code before asking)."""

from kiosk.queue.codes import ALPHABET, LENGTH, check_char, new_code, normalise

__all__ = ["ALPHABET", "LENGTH", "check_char", "new_code", "normalise"]
