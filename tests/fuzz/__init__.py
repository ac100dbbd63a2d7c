"""The fuzz harness: ``python -m tests.fuzz --n 1000000 --seed 1 --jobs 2``.

- ``values``: hostile values, container look-alikes, exact comparison, reproducers;
- ``generators``: a pool drawn from ``scenario_schema.strategies``, then seeded mutation;
- ``invariants``: the invariants of issue #11, checked across every entry point;
- ``coldstart``: the first-use thread race, in fresh processes;
- ``runner``: the command (``main(argv)``), deduplication, shrinking, the report.

Kept free of imports so that ``coldstart`` children start with a cold library.
"""
