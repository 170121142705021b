"""Protocol traces (record, btsnoop import/export, decode, replay) and redacted support bundles."""
