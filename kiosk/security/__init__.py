"""Data at rest: the terminal's secrets, AES-GCM sealing, keyed hashes, folder permissions."""
