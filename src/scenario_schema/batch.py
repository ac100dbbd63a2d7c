"""Validate JSON Lines a partition at a time: the command line's checks, for any engine.

:func:`validate_lines` takes the lines of one partition of a dataset (``str`` or
``bytes``, one JSON document per line) and yields a :class:`Result` per document,
the same verdicts and issues that ``scenario-schema validate`` reports for the same
lines. It keeps no state between calls and its results are plain picklable values,
so it runs as it is in the workers of Dask, Spark, Ray or a process pool;
:func:`totals` counts a partition's results, and the :class:`Totals` of partitions
add up. See the guide's page on running at scale for Dask and Spark examples.
"""

from .cli._batch import Result, Totals, Verdict, totals, validate_lines

__all__ = ["Result", "Totals", "Verdict", "totals", "validate_lines"]
