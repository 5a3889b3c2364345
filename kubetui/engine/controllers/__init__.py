"""The controllers of kube-controller-manager, one file each; `manager.py` runs them in order every tick."""
