"""The Kubernetes HTTP API of a simulated cluster, for the real kubectl, k9s, client libraries
and operators.

`server` serves it with aiohttp on the event loop that also runs the clock; every request that
may change state goes through the door (`kubetui.shell.Simulation.request`), so it is recorded
and replays. `kubetui.kubectl.discovery` answers what the cluster serves (kubetui's own
`kubectl get --raw /apis` reads the same documents), `tables` prints server-side tables
with kubetui's own printers, `watch` streams the store's change feed, `kubeconfig` writes the
file the clients read, and `serve` is `kubetui serve`.
"""
