"""Technician diagnostics: device status, core-banking reachability, outbox depth."""
