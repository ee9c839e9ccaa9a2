"""Customer journeys: plain-Python state machines, one module per journey."""
