"""The desk: what the user owns for one ticker as one frozen value, its edits, its standing."""
