"""A local Fineract-compatible core-banking sandbox over real HTTP, stored in SQLite."""
