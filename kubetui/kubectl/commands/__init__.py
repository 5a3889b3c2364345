"""kubectl's commands, one module per family; `kubetui.kubectl` dispatches to them."""
