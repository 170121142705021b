"""Pure bytes-in / bytes-out printer dialects, one module per family, selected through a registry."""
