"""Synthetic identity documents rendered here, for tests and benchmarks only.

Nothing in the terminal imports this package at run time.  Every document is of an
invented person, generated from a seed (same seed, same pixels), and is no copy of any
real document design.
"""
