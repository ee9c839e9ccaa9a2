"""Core banking: a typed client for Apache Fineract's REST API (see ``corebank-contract.md``)."""
