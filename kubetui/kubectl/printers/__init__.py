"""kubectl's printers: `get` tables, -o yaml/json/name/jsonpath/custom-columns, describe.

Pure functions over Kubernetes JSON dicts and a read-only ClusterView.
"""

from .age import age, human_duration
from .table import node_status, pod_status, print_table, print_tables

__all__ = ["age", "human_duration", "node_status", "pod_status", "print_table", "print_tables"]
