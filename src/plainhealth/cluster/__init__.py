"""Batch conversion on a Dask cluster: ``plainhealth convert SRC… --cluster tcp://HOST:8786``.

The workers run :func:`plainhealth.batch.convert_item`, the very function a local batch
runs, so an item has the same guarantees wherever it runs: it is made in a hidden staging
folder beside the outputs and published by atomic renames (its report last), and any
failure becomes its Outcome. The scheduler only decides where: an item whose worker dies
is sent to another worker. The guarantees come from the staging, not from the scheduler.

- Each worker process loads the glossary, rules and word lists once, when it joins (a
  worker plugin); every item it converts then reuses them.
- The client itself answers what needs no converting (``--skip-existing``, refusals) and
  sends the rest out in tasks, two per worker thread in flight, so memory stays flat. A
  task holds one item, or several quick ones (text only) so that Dask's cost per task
  stays small beside the work.
- Ctrl-C: no item starts after it (each worker process is told at once, and each item
  looks before it begins); items being converted finish and publish whole; then the
  command stops.
- Paths are named as on the client, and workers convert from the client's working folder:
  the machines must share it, and the output folder, under the same paths. That is checked
  before anything is sent.

| module | owns |
|---|---|
| ``client.py`` | reaching the scheduler, checking the workers, sending tasks, gathering Outcomes |
| ``worker.py`` | what runs in a worker process: tasks, the warm-up plugin, stopped runs |
"""

from plainhealth.cluster.client import Cluster, ClusterError, scheduler_address

__all__ = ["Cluster", "ClusterError", "scheduler_address"]
