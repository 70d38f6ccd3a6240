"""Benchmarks: each module measures one capability and returns rows for one table."""
