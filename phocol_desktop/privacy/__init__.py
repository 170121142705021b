"""Purpose catalog, the permission gate, the hash-chained consent ledger, rights and retention."""
