"""The terminal's side of "before the branch": pre-filled applications and pending items."""
