"""The hub's REST API, one module per area; each exposes ``setup(app)`` to add its routes."""
