"""Appointments and queue tickets of a branch (issue 12): booking, check-in, counter actions."""
