"""Async links to printers: bleak over Bluetooth LE, and in-process to the virtual printer."""
