"""kubetui: a Kubernetes cluster that lives in one Python process, advances in ticks, and is
played in the terminal."""

__version__ = "0.1.0"

__all__ = ["Simulation", "__version__"]


def __getattr__(name: str):
    # Lazy so that `import kubetui` stays cheap and `kubetui.model` never pulls the engine.
    if name == "Simulation":
        from kubetui.shell import Simulation

        return Simulation
    raise AttributeError(name)
