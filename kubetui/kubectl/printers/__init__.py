"""kubectl's printers: `get` tables, -o yaml/json/name/jsonpath/custom-columns, describe.

Pure functions over Kubernetes JSON dicts and a read-only ClusterView.
"""

from .age import age, human_duration
from .describe import describe, events_for, qos_class
from .output import PrinterError, as_list, custom_columns, jsonpath, name_of, names, to_json, to_yaml
from .table import node_status, pod_status, print_table, print_tables

__all__ = [
    "PrinterError", "age", "as_list", "custom_columns", "describe", "events_for", "human_duration", "jsonpath", "name_of", "names",
    "node_status", "pod_status", "print_table", "qos_class", "print_tables", "to_json", "to_yaml",
]
