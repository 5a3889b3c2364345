"""The cluster network (`sim.network`), divided as Kubernetes divides it:

- addresses.py: the Service network's ClusterIP and NodePort allocators, the pod network's ranges;
- dns.py: cluster DNS (kube-dns), as CoreDNS answers pods;
- networkpolicy.py: which connections NetworkPolicies let through;
- traffic.py: the Network itself, and the connections and load it carries (kube-proxy's part).
"""
