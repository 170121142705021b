"""The consent ledger core: append-only, hash-chained JSONL; state is a fold over its events.

Pure (stdlib only): no Qt, no keyring, no sqlite3. Filled in by the privacy issue (#6).
"""
