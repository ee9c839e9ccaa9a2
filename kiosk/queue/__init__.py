"""The terminal's side of the branch queue: the hub's queue API, QR codes from the camera."""
