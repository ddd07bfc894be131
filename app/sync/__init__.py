"""The sync engine: push, pull, the version counter, conflicts and receipts."""
