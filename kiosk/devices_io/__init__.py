"""Device orchestration for the journeys: chip read, document scan + OCR, face check.

The identity helper process runs dlib and the OCR engines outside the GUI process.  Plain
blocking Python (no Qt); the UI runs each call on the owning device's worker thread.
"""
