"""Identity checks: ID documents, OCR, face verification and liveness."""
